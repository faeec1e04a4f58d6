// The annotated port::Mutex / MutexLock of a database engine, and Abseil's
// reader/writer lock by name.
#define CAPABILITY(x) __attribute__((capability(x)))
#define SCOPED_CAPABILITY __attribute__((scoped_lockable))
#define ACQUIRE(...) __attribute__((acquire_capability(__VA_ARGS__)))
#define ACQUIRE_SHARED(...) __attribute__((acquire_shared_capability(__VA_ARGS__)))
#define RELEASE(...) __attribute__((release_capability(__VA_ARGS__)))

namespace port {
class CAPABILITY("mutex") Mutex {
public:
  void Lock() ACQUIRE();
  void Unlock() RELEASE();
};
} // namespace port

class SCOPED_CAPABILITY MutexLock {
public:
  explicit MutexLock(port::Mutex *mu) ACQUIRE(mu);
  ~MutexLock() RELEASE();
};

class Version {
public:
  int Level() const {
    MutexLock lock(&mutex_); // EXPECT: 15 threadlint-exclusive-lock-in-reader "'mutex_'"
    return level_;
  }
  int Files() const {
    MutexLock lock(&mutex_); // EXPECT: 15 threadlint-exclusive-lock-in-reader
    return files_;
  }
  void Apply(int level) {
    MutexLock lock(&mutex_);
    level_ = level;
  }

private:
  mutable port::Mutex mutex_;
  int level_ = 0;
  int files_ = 0;
};

namespace absl {
class Mutex {
public:
  void Lock();
  void Unlock();
  void ReaderLock();
  void ReaderUnlock();
};
class MutexLock {
public:
  explicit MutexLock(Mutex *mu);
};
class ReaderMutexLock {
public:
  explicit ReaderMutexLock(Mutex *mu);
};
} // namespace absl

class Catalog {
public:
  int size() const {
    absl::MutexLock lock(&mu_); // EXPECT: 21 threadlint-exclusive-lock-in-reader "shared mutex"
    return size_;
  }
  int version() const {
    absl::ReaderMutexLock lock(&mu_);
    return version_;
  }
  int capacity() const {
    mu_.Lock(); // EXPECT: 9 threadlint-exclusive-lock-in-reader
    int value = capacity_;
    mu_.Unlock();
    return value;
  }

private:
  mutable absl::Mutex mu_;
  int size_ = 0, version_ = 0, capacity_ = 0;
};
