// Supervisors: classes that own worker threads.
#include <atomic>
#include <thread>
#include <vector>

void work(std::atomic<bool> &stop);

// A fixed pool, joined in the destructor.
class WorkerPool { // VERDICT: WorkerPool supervisor healthy
public:
  explicit WorkerPool(unsigned size) {
    for (unsigned index = 0; index < size; ++index)
      workers_.emplace_back([this] { work(stop_); });
  }
  ~WorkerPool() {
    stop_ = true;
    for (std::thread &worker : workers_)
      worker.join();
  }

private:
  std::atomic<bool> stop_{false};
  std::vector<std::thread> workers_;
};

// Two workers nobody joins: destroying it terminates the process.
class Poller { // VERDICT: Poller supervisor needs-work
public:
  void start() {
    inbound_ = std::thread(&Poller::poll, this);
    outbound_ = std::thread(&Poller::poll, this);
  }

private:
  void poll() { work(stop_); }
  std::atomic<bool> stop_{false};
  std::thread inbound_;
  std::thread outbound_;
};

// One background thread, held as a jthread: stopped and joined for us.
class Heartbeat { // VERDICT: Heartbeat supervisor healthy
public:
  Heartbeat() : beat_([](std::stop_token stop) { while (!stop.stop_requested()) ping(); }) {}

private:
  static void ping();
  std::jthread beat_;
};
