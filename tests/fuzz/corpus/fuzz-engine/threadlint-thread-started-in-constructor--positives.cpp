// Threads that start running on `this` before the object is complete.
#include <atomic>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

class DeclaredFirst {
public:
  DeclaredFirst() : worker_([this] { run(); }), name_("poller") {} // EXPECT: 21 threadlint-thread-started-in-constructor "members declared after 'worker_' ('queue_', 'name_') are not initialized yet"

private:
  void run();
  std::thread worker_;
  std::deque<int> queue_;
  std::string name_;
};

class MemberFunctionPointer {
public:
  MemberFunctionPointer() : thread_(&MemberFunctionPointer::loop, this) {} // EXPECT: 29 threadlint-thread-started-in-constructor "('running_')"

private:
  void loop();
  std::jthread thread_;
  std::atomic<bool> running_{true};
};

class Polymorphic {
public:
  Polymorphic() : mutex_(), worker_([this] { tick(); }) {} // EXPECT: 29 threadlint-thread-started-in-constructor "'Polymorphic' is polymorphic and not final"
  virtual ~Polymorphic() { worker_.join(); }

protected:
  virtual void tick() {}

private:
  std::mutex mutex_;
  std::thread worker_;
};

class AssignsAfterStarting {
public:
  AssignsAfterStarting() {
    worker_ = std::thread([this] { serve(); }); // EXPECT: 15 threadlint-thread-started-in-constructor "the constructor goes on to assign 'port_'"
    port_ = 8080;
  }
  ~AssignsAfterStarting() { worker_.join(); }

private:
  void serve();
  std::thread worker_;
  int port_ = 0;
};

class PoolInBody {
public:
  PoolInBody() {
    for (int i = 0; i < 4; ++i)
      workers_.emplace_back([this] { drain(); }); // EXPECT: 16 threadlint-thread-started-in-constructor
    this->size_ = 4;
  }

private:
  void drain();
  std::vector<std::thread> workers_;
  int size_ = 0;
};

class PolymorphicBody {
public:
  PolymorphicBody() { std::thread(&PolymorphicBody::run, this).detach(); } // EXPECT: 23 threadlint-thread-started-in-constructor "polymorphic"
  virtual void run() {}
};
