#include <thread>

class Early {
public:
  Early() : worker_([this] { run(); }) {} // NOLINT(threadlint-thread-started-in-constructor)

private:
  void run();
  std::thread worker_;
  int later_ = 0;
};

class AlsoEarly {
public:
  AlsoEarly() : worker_([this] { run(); }) {} // NOLINT(threadlint-other) // EXPECT: 17 threadlint-thread-started-in-constructor
  void run();
  std::thread worker_;
  int later_ = 0;
};
