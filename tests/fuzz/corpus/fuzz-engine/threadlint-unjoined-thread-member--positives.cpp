// std::thread members whose owner is destroyed without joining them.
#include <array>
#include <list>
#include <thread>
#include <vector>

void run();

class NoDestructor {
  std::thread worker_; // EXPECT: 15 threadlint-unjoined-thread-member "'worker_' is a std::thread but 'NoDestructor' has no destructor"
};

class Defaulted {
public:
  ~Defaulted() = default;

private:
  std::thread worker_; // EXPECT: 15 threadlint-unjoined-thread-member "has a defaulted destructor"
};

class ForgetsToJoin {
public:
  ~ForgetsToJoin() { running_ = false; }

private:
  bool running_ = true;
  std::thread worker_{run}; // EXPECT: 15 threadlint-unjoined-thread-member "does not join it"
};

using Worker = std::thread;

class Containers {
  std::vector<Worker> pool_; // EXPECT: 23 threadlint-unjoined-thread-member "holds std::threads"
  std::array<std::thread, 4> shards_; // EXPECT: 30 threadlint-unjoined-thread-member
  std::list<std::thread> helpers_; // EXPECT: 26 threadlint-unjoined-thread-member
  std::thread fixed_[2]; // EXPECT: 15 threadlint-unjoined-thread-member
};

class JoinsTheOtherOne {
public:
  ~JoinsTheOtherOne() { first_.join(); }

private:
  std::thread first_;
  std::thread second_; // EXPECT: 15 threadlint-unjoined-thread-member
};

template <typename Task> class TemplatedOwner {
  Task task_;
  std::thread worker_; // EXPECT: 15 threadlint-unjoined-thread-member
};

TemplatedOwner<int> first;
TemplatedOwner<double> second;
