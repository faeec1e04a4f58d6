#include <mutex>

class Stateless {
public:
  int twice(int x) {
    std::lock_guard<std::mutex> lock(mutex_);
    return 2 * x;
  }

private:
  std::mutex mutex_; // NOLINT(threadlint-lock-without-state)
};

class AlsoStateless {
public:
  int twice(int x) {
    std::lock_guard<std::mutex> lock(mutex_);
    return 2 * x;
  }

private:
  std::mutex mutex_; // NOLINT(threadlint-other) // EXPECT: 14 threadlint-lock-without-state
};
