// CHECKS: threadlint-wait-without-predicate
// Waits that trust a single wake-up.
#include <condition_variable>
#include <deque>
#include <mutex>

class Channel {
public:
  int take() {
    std::unique_lock<std::mutex> lock(mutex_);
    if (items_.empty())
      ready_.wait(lock); // EXPECT: 14 threadlint-wait-without-predicate "'ready_.wait(lock)' without a predicate"
    int item = items_.front();
    items_.pop_front();
    return item;
  }

  void awaitSignal() {
    std::unique_lock<std::mutex> lock(mutex_);
    this->ready_.wait(lock); // EXPECT: 18 threadlint-wait-without-predicate "'this->ready_.wait(lock)'"
  }

  void spinForever() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      ready_.wait(lock); // EXPECT: 14 threadlint-wait-without-predicate
      items_.pop_front();
    }
  }

private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<int> items_;
};

void throughReference(std::condition_variable_any &cv, std::mutex &mutex) {
  std::unique_lock<std::mutex> lock(mutex);
  cv.wait(lock); // EXPECT: 6 threadlint-wait-without-predicate
}
