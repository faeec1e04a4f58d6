#include <future>

int compute() { return 1; }

void suppressed() {
  auto a = std::async(compute); // NOLINT(threadlint-async-launch-policy)
  // NOLINTNEXTLINE(threadlint-*)
  auto b = std::async(compute);
  auto c = std::async(compute); // NOLINT(threadlint-discarded-async) // EXPECT: 17 threadlint-async-launch-policy
  a.get(), b.get(), c.get();
}
