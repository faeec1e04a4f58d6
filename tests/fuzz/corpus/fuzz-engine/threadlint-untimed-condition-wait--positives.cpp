// Caller-facing condition waits with no deadline.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>

class Mailbox {
public:
  int receive() {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [this] { return !messages_.empty(); }); // EXPECT: 12 threadlint-untimed-condition-wait "'ready_.wait(...)' has no deadline"
    int message = messages_.front();
    messages_.pop_front();
    return message;
  }

  void drain() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!messages_.empty())
      this->empty_.wait(lock); // EXPECT: 20 threadlint-untimed-condition-wait "'this->empty_.wait(...)'"
  }

private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable_any empty_;
  std::deque<int> messages_;
};

void waitThroughReference(std::condition_variable &done, std::mutex &mutex, bool &finished) {
  std::unique_lock lock(mutex);
  done.wait(lock, [&] { return finished; }); // EXPECT: 8 threadlint-untimed-condition-wait "'done.wait(...)'"
}

template <typename Condition> void waitInTemplate(Condition &condition, std::mutex &mutex) {
  std::unique_lock<std::mutex> lock(mutex);
  condition.wait(lock, [] { return true; }); // EXPECT: 13 threadlint-untimed-condition-wait
}

void instantiate(std::condition_variable &a, std::condition_variable_any &b, std::mutex &m) {
  waitInTemplate(a, m);
  waitInTemplate(b, m);
}

// Locking itself makes it a waiter, not a wrapper, even with a timeout choice.
class SelfLockingWaiter {
public:
  bool waitReady(int timeoutMs) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (timeoutMs < 0) {
      ready_.wait(lock, [this] { return ready; }); // EXPECT: 14 threadlint-untimed-condition-wait
      return true;
    }
    return ready_.wait_for(lock, std::chrono::milliseconds(timeoutMs), [this] { return ready; });
  }

private:
  std::mutex mutex_;
  std::condition_variable ready_;
  bool ready = false;
};
