// An annotated mutex class is a lock wrapper: its mutex is its state.
#include <mutex>

#define CAPABILITY(x) __attribute__((capability(x)))
#define ACQUIRE(...) __attribute__((acquire_capability(__VA_ARGS__)))
#define RELEASE(...) __attribute__((release_capability(__VA_ARGS__)))

namespace port {
class CAPABILITY("mutex") Mutex {
public:
  void Lock() ACQUIRE() { mu_.lock(); }
  void Unlock() RELEASE() { mu_.unlock(); }
  void AssertHeld() {
    std::lock_guard<std::mutex> probe(mu_);
  }

private:
  std::mutex mu_;
};
} // namespace port

class Options {
public:
  int blockSize() {
    mutex_.Lock();
    int size = blockSize_;
    mutex_.Unlock();
    return size;
  }

private:
  port::Mutex mutex_; // EXPECT: 15 threadlint-lock-without-state "'Options'"
  const int blockSize_ = 4096;
};
