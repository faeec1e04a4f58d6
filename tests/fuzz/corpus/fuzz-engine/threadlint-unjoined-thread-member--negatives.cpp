// Joined directly, in loops, through helpers; jthreads; lambdas capturing threads.
#include <algorithm>
#include <array>
#include <thread>
#include <vector>

void run();

class JoinsDirectly {
public:
  ~JoinsDirectly() {
    if (worker_.joinable())
      worker_.join();
  }

private:
  std::thread worker_;
};

class DetachesInDestructor {
public:
  ~DetachesInDestructor() { this->worker_.detach(); }

private:
  std::thread worker_;
};

class JoinsInLoops {
public:
  ~JoinsInLoops() {
    for (auto &thread : pool_)
      if (thread.joinable())
        thread.join();
    for (std::size_t i = 0; i < shards_.size(); ++i)
      shards_[i].join();
    std::for_each(helpers_.begin(), helpers_.end(), [](std::thread &t) { t.join(); });
  }

private:
  std::vector<std::thread> pool_;
  std::array<std::thread, 2> shards_;
  std::vector<std::thread> helpers_;
};

class JoinsThroughHelpers {
public:
  ~JoinsThroughHelpers() { stop(); }

private:
  void stop() {
    running_ = false;
    joinAll();
  }
  void joinAll() {
    for (auto &thread : workers_)
      thread.join();
  }
  bool running_ = true;
  std::vector<std::thread> workers_;
};

class UsesJthreads {
  std::jthread worker_;
  std::vector<std::jthread> pool_;
};

class DestructorElsewhere {
public:
  ~DestructorElsewhere(); // defined in another translation unit
private:
  std::thread worker_;
};

void lambdaOwnsAThread() {
  std::thread thread(run);
  auto owner = [t = std::move(thread)]() mutable { t.join(); };
  owner();
}

struct NotThreads {
  std::vector<int> numbers_;
  int count_ = 0;
};
