#include <future>

int compute() { return 1; }

void suppressed() {
  std::async(compute); // NOLINT(threadlint-discarded-async)
  // NOLINTNEXTLINE
  std::async(compute);
  // NOLINTBEGIN
  std::async(compute);
  // NOLINTEND
  std::async(compute); // NOLINT(threadlint-detached-thread) // EXPECT: 8 threadlint-discarded-async
}
