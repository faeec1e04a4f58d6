// Timed waits, waits of worker threads idling for work, and wrappers.
#include <chrono>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

using namespace std::chrono_literals;

class Queue {
public:
  bool pop(int &out) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!ready_.wait_for(lock, 100ms, [this] { return !items_.empty(); }))
      return false;
    out = items_.front();
    items_.pop_front();
    return true;
  }
  bool popUntil(int &out, std::chrono::steady_clock::time_point deadline) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!ready_.wait_until(lock, deadline, [this] { return !items_.empty(); }))
      return false;
    out = items_.front();
    return true;
  }

private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<int> items_;
};

class Worker {
public:
  Worker() : thread_(&Worker::run, this) {}
  ~Worker() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait(lock, [this] { return stop_; }); // a worker idling for work
  }
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

void lambdaEntry(std::condition_variable &cv, std::mutex &mutex, bool &go) {
  std::thread consumer([&] {
    std::unique_lock<std::mutex> lock(mutex);
    cv.wait(lock, [&] { return go; });
  });
  consumer.join();
}

void freeEntry(std::condition_variable *cv, std::mutex *mutex) {
  std::unique_lock<std::mutex> lock(*mutex);
  cv->wait(lock);
}

void startFree(std::condition_variable &cv, std::mutex &mutex) {
  std::jthread consumer(freeEntry, &cv, &mutex);
}

namespace port {
class Mutex {
public:
  std::mutex &native() { return mu_; }

private:
  std::mutex mu_;
};

class CondVar {
public:
  explicit CondVar(Mutex *mu) : mu_(mu) {}
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_->native(), std::adopt_lock);
    cv_.wait(lock);
    lock.release();
  }

private:
  std::condition_variable cv_;
  Mutex *mu_;
};
} // namespace port

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

// A thread entry lambda that only forwards to a member function runs that
// function as the thread's body: its idle wait needs no deadline.
class ForwardingWorker {
public:
  void start() {
    worker_ = std::jthread([this](std::stop_token stop) { run(stop); });
  }

private:
  void run(std::stop_token stop) {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stop.stop_requested())
      wake_.wait(lock, stop, [this] { return pending_ > 0; });
  }

  std::mutex mutex_;
  std::condition_variable_any wake_;
  int pending_ = 0;
  std::jthread worker_;
};
