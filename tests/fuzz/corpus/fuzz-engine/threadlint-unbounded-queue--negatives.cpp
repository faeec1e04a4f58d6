// Bounded queues, queues without consumers to wake, unlocked pushes.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <queue>
#include <vector>

using namespace std::chrono_literals;

class BoundedBySize {
public:
  bool offer(int item) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (items_.size() >= capacity_)
      return false;
    items_.push_back(item);
    ready_.notify_one();
    return true;
  }

private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<int> items_;
  std::size_t capacity_ = 64;
};

class WaitsForRoom {
public:
  bool put(int item) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!room_.wait_for(lock, 100ms, [this] { return items_.size() < 64; }))
      return false;
    items_.push(item);
    ready_.notify_one();
    return true;
  }

private:
  std::mutex mutex_;
  std::condition_variable ready_, room_;
  std::queue<int> items_;
};

class BoundedByEmpty {
public:
  void replace(int item) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!slot_.empty())
      return;
    slot_.push_back(item);
    ready_.notify_one();
  }

private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::vector<int> slot_;
};

class NoNotify {
public:
  void add(int item) {
    std::lock_guard<std::mutex> lock(mutex_);
    history_.push_back(item);
  }

private:
  std::mutex mutex_;
  std::vector<int> history_;
};

class NotLocked {
public:
  void add(int item) {
    items_.push_back(item);
    ready_.notify_one();
  }

private:
  std::condition_variable ready_;
  std::deque<int> items_;
};

void localQueue(std::mutex &mutex, std::condition_variable &ready) {
  std::deque<int> local;
  std::lock_guard<std::mutex> lock(mutex);
  local.push_back(1);
  ready.notify_one();
}
