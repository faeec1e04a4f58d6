#include <condition_variable>
#include <deque>
#include <mutex>

class Queue {
public:
  void put(int item) {
    std::lock_guard<std::mutex> lock(mutex_);
    items_.push_back(item); // NOLINT(threadlint-unbounded-queue)
    items_.push_back(item); // NOLINT(threadlint-other) // EXPECT: 12 threadlint-unbounded-queue
    ready_.notify_one();
  }

private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<int> items_;
};
