// Queues filled under a lock and notified, with nothing bounding them.
#include <condition_variable>
#include <deque>
#include <functional>
#include <list>
#include <mutex>
#include <queue>
#include <string>
#include <vector>

class TaskQueue {
public:
  void post(std::function<void()> task) {
    std::lock_guard<std::mutex> lock(mutex_);
    tasks_.push(std::move(task)); // EXPECT: 12 threadlint-unbounded-queue "'tasks_' grows without limit: producers push under 'mutex_' and notify"
    ready_.notify_one();
  }
  void postFront(std::function<void()> task) {
    {
      std::unique_lock lock(mutex_);
      this->urgent_.push_front(std::move(task)); // EXPECT: 21 threadlint-unbounded-queue "'urgent_'"
    }
    ready_.notify_all();
  }
  void log(std::string line) {
    std::scoped_lock lock(mutex_);
    lines_.emplace_back(std::move(line)); // EXPECT: 12 threadlint-unbounded-queue
    pending_.emplace_back(1); // EXPECT: 14 threadlint-unbounded-queue
    ready_.notify_one();
  }

private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::queue<std::function<void()>> tasks_;
  std::deque<std::function<void()>> urgent_;
  std::list<std::string> lines_;
  std::vector<int> pending_;
};
