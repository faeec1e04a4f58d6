// A database engine's port::Mutex / MutexLock / CondVar, annotated with
// Clang's thread-safety attributes the way such engines wrap their locks.
#include <condition_variable>
#include <mutex>
#include <thread>
#include <unistd.h>

#define CAPABILITY(x) __attribute__((capability(x)))
#define SCOPED_CAPABILITY __attribute__((scoped_lockable))
#define ACQUIRE(...) __attribute__((acquire_capability(__VA_ARGS__)))
#define ACQUIRE_SHARED(...) __attribute__((acquire_shared_capability(__VA_ARGS__)))
#define RELEASE(...) __attribute__((release_capability(__VA_ARGS__)))

namespace port {
class CAPABILITY("mutex") Mutex {
public:
  void Lock() ACQUIRE() { mu_.lock(); }
  void Unlock() RELEASE() { mu_.unlock(); }
  void AssertHeld() {}

private:
  std::mutex mu_;
};

class CondVar {
public:
  explicit CondVar(Mutex *mu) : mu_(mu) {}
  void Wait();
  void Signal();

private:
  Mutex *mu_;
};
} // namespace port

class SCOPED_CAPABILITY MutexLock {
public:
  explicit MutexLock(port::Mutex *mu) ACQUIRE(mu) : mu_(mu) { mu_->Lock(); }
  ~MutexLock() RELEASE() { mu_->Unlock(); }

private:
  port::Mutex *mu_;
};

class VersionSet {
public:
  void LogAndApply(std::thread &compaction) {
    MutexLock lock(&mutex_);
    ++version_;
    compaction.join(); // EXPECT: 16 threadlint-blocking-under-lock "'std::thread::join' blocks while 'mutex_' is held"
  }

  void ManualLock() {
    mutex_.Lock();
    ++version_;
    ::sleep(1); // EXPECT: 7 threadlint-blocking-under-lock "'sleep'"
    mutex_.Unlock();
    ::sleep(1);
  }

  void ScopeEnds() {
    {
      MutexLock lock(&mutex_);
      ++version_;
    }
    ::usleep(10);
  }

private:
  port::Mutex mutex_;
  int version_ = 0;
};
