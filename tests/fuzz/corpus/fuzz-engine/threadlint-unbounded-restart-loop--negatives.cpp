// Loops that give up, back off, or wait for the next piece of work.
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unistd.h>

void consume();
void log(const char *message);

void backsOff() {
  auto delay = std::chrono::milliseconds(10);
  while (true) {
    try {
      consume();
      return;
    } catch (const std::exception &) {
      std::this_thread::sleep_for(delay);
      delay *= 2;
    }
  }
}

void givesUp() {
  for (;;) {
    try {
      consume();
    } catch (const std::exception &) {
      break;
    }
  }
  while (true) {
    try {
      consume();
    } catch (...) {
      std::abort();
    }
  }
}

void rethrows() {
  while (true) {
    try {
      consume();
    } catch (...) {
      log("fatal");
      throw;
    }
  }
}

class TaskQueue {
public:
  std::function<void()> pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [this] { return !tasks_.empty(); });
    auto task = std::move(tasks_.front());
    tasks_.pop_front();
    return task;
  }

private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
};

void workerLoop(TaskQueue &queue) {
  while (true) {
    auto task = queue.pop(); // waits for the next task between attempts
    try {
      task();
    } catch (...) {
      log("task failed");
    }
  }
}

void waitsOnAFuture(std::future<int> &result) {
  while (true) {
    try {
      consume();
    } catch (...) {
      result.wait_for(std::chrono::seconds(1));
    }
  }
}

void blockingIoBetweenAttempts(int fd, char *buffer) {
  while (true) {
    ::read(fd, buffer, 1);
    try {
      consume();
    } catch (...) {
    }
  }
}

void conditionalLoop(bool &running) {
  while (running) {
    try {
      consume();
    } catch (...) {
    }
  }
}

void boundedRetries() {
  for (int attempt = 0; attempt < 3; ++attempt) {
    try {
      consume();
      return;
    } catch (...) {
    }
  }
}

void noTry() {
  while (true)
    consume();
}
