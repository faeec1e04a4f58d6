#include <mutex>

class Counters {
public:
  int a() const {
    std::lock_guard<std::mutex> lock(mutex_); // NOLINT(threadlint-exclusive-lock-in-reader)
    return a_;
  }
  int b() const {
    std::lock_guard<std::mutex> lock(mutex_); // NOLINT(threadlint-other) // EXPECT: 33 threadlint-exclusive-lock-in-reader
    return b_;
  }

private:
  mutable std::mutex mutex_;
  int a_ = 0, b_ = 0;
};
