// Waits that release the lock, calls after the lock is gone, lambdas that
// run elsewhere, and log sinks whose lock serializes the I/O itself.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

class Queue {
public:
  int pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [this] { return !items_.empty(); });
    ready_.wait_for(lock, 1s);
    ready_.wait_until(lock, std::chrono::steady_clock::now() + 1s, [this] { return true; });
    int item = items_.front();
    items_.pop_front();
    return item;
  }

  void afterScope() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      items_.push_back(1);
    }
    std::this_thread::sleep_for(1ms);
  }

  void afterUnlock(std::thread &worker) {
    std::unique_lock<std::mutex> lock(mutex_);
    items_.clear();
    lock.unlock();
    worker.join();
  }

  void manualUnlock() {
    mutex_.lock();
    items_.clear();
    mutex_.unlock();
    ::sleep(1);
  }

  std::function<void()> deferredWork() {
    std::lock_guard<std::mutex> lock(mutex_);
    items_.push_back(2);
    return [] { std::this_thread::sleep_for(1ms); }; // runs after the lock is gone
  }

  void deferredNeverLocked() {
    std::unique_lock<std::mutex> lock(mutex_, std::defer_lock);
    std::this_thread::sleep_for(1ms);
  }

private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<int> items_;
};

class ConsoleSink {
public:
  void write(const char *line, std::size_t length) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::size_t size = length + 1;
    std::fwrite(line, 1, size - 1, stdout);
    std::fwrite("\n", 1, 1, stdout);
  }

  void writeFd(int fd, const char *line, std::size_t length) {
    std::lock_guard<std::mutex> lock(mutex_);
    ::write(fd, line, length);
  }

private:
  std::mutex mutex_;
};

struct Formatter {
  void format(const char *message, char *buffer);
};

class FormattingSink {
public:
  void log(const char *message) {
    std::lock_guard<std::mutex> lock(mutex_);
    char buffer[256];
    formatter_->format(message, buffer);
    std::fwrite(buffer, 1, sizeof buffer, file_);
    std::fflush(file_);
  }

private:
  std::mutex mutex_;
  Formatter *formatter_ = nullptr;
  FILE *file_ = stdout;
};

void sleepsWithoutLocks() { std::this_thread::sleep_for(1ms); }
