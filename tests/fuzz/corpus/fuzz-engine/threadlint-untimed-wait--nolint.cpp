#include <future>

int waits(std::future<int> &a, std::future<int> &b) {
  int x = a.get(); // NOLINT(threadlint-untimed-wait)
  return x + b.get(); // NOLINT(threadlint-other) // EXPECT: 16 threadlint-untimed-wait
}
