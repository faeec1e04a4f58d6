// CHECKS: threadlint-wait-without-predicate
// Predicates, re-checking loops, and wrappers whose callers loop.
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>

class Channel {
public:
  int take() {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [this] { return !items_.empty(); });
    while (items_.empty())
      ready_.wait(lock);
    do {
      ready_.wait(lock);
    } while (items_.empty());
    for (; items_.empty();)
      ready_.wait(lock);
    while (true) {
      if (!items_.empty())
        break;
      ready_.wait(lock);
    }
    int item = items_.front();
    items_.pop_front();
    return item;
  }

  void Wait(std::unique_lock<std::mutex> &lock) { ready_.wait(lock); } // a wrapper

private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<int> items_;
};

// A wrapper whose caller chooses the deadline: -1 waits without one. The
// caller holds the mutex, owns the loop and the predicate.
class TimeoutConditionVariable {
public:
  int wait(std::mutex *mutex, int timeoutMs) {
    int result = 0;
    if (timeoutMs == -1) {
      ready_.wait(*mutex);
    } else if (ready_.wait_for(*mutex, std::chrono::milliseconds(timeoutMs)) ==
               std::cv_status::timeout) {
      errno = EAGAIN;
      result = -1;
    }
    return result;
  }

private:
  std::condition_variable_any ready_;
};
