// CONFIG: {CheckOptions: {threadlint-exclusive-lock-in-reader.MinReaders: 3, MutexTypes: 'util::Lock'}}
#include <mutex>

namespace util {
class Lock {
public:
  void lock();
  void unlock();
};
} // namespace util

class TwoReaders { // below MinReaders = 3
public:
  int a() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return value_;
  }
  int b() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return value_;
  }

private:
  mutable std::mutex mutex_;
  int value_ = 0;
};

class ThreeReaders {
public:
  int a() const {
    std::lock_guard<util::Lock> lock(lock_); // EXPECT: 33 threadlint-exclusive-lock-in-reader "3 const member functions"
    return value_;
  }
  int b() const {
    std::lock_guard<util::Lock> lock(lock_); // EXPECT: 33 threadlint-exclusive-lock-in-reader
    return value_;
  }
  int c() const {
    std::lock_guard<util::Lock> lock(lock_); // EXPECT: 33 threadlint-exclusive-lock-in-reader
    return value_;
  }

private:
  mutable util::Lock lock_;
  int value_ = 0;
};
