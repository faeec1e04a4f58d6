// Stand-ins with the qualified names of Boost.Thread, Abseil and Qt locks
// (the real headers are not installed here), without any attributes.
#include <unistd.h>

namespace boost {
class mutex {
public:
  void lock();
  void unlock();
};
template <typename M> class lock_guard {
public:
  explicit lock_guard(M &m);
};
} // namespace boost

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

class QMutex {
public:
  void lock();
  void unlock();
};
class QMutexLocker {
public:
  explicit QMutexLocker(QMutex *m);
  void unlock();
  void relock();
};

struct Services {
  boost::mutex boostMutex;
  absl::Mutex abslMutex;
  QMutex qtMutex;
  int state = 0;

  void boostGuard() {
    boost::lock_guard<boost::mutex> lock(boostMutex);
    ++state;
    ::sleep(1); // EXPECT: 7 threadlint-blocking-under-lock "'boostMutex'"
  }

  void abslGuards() {
    {
      absl::MutexLock lock(&abslMutex);
      ++state;
      ::sleep(1); // EXPECT: 9 threadlint-blocking-under-lock "'abslMutex'"
    }
    absl::ReaderMutexLock reader(&abslMutex);
    ::usleep(state); // EXPECT: 7 threadlint-blocking-under-lock "'abslMutex'"
  }

  void abslCalls() {
    abslMutex.ReaderLock();
    int copy = state;
    abslMutex.ReaderUnlock();
    ::usleep(copy);
  }

  void qtLocker() {
    QMutexLocker locker(&qtMutex);
    ++state;
    locker.unlock();
    ::sleep(1);
    locker.relock();
    ::sleep(2); // EXPECT: 7 threadlint-blocking-under-lock "'qtMutex'"
  }
};
