// std::async that may defer its task, reported at `async`.
#include <future>

int compute() { return 42; }
int twice(int value) { return 2 * value; }

void noPolicy() {
  auto a = std::async(compute); // EXPECT: 17 threadlint-async-launch-policy "without a launch policy"
  auto b = std::async(twice, 21); // EXPECT: 17 threadlint-async-launch-policy
  auto c = std::async([] { return 1; }); // EXPECT: 17 threadlint-async-launch-policy
  a.get(), b.get(), c.get();
}

void defaultPolicySpelledOut() {
  auto a = std::async(std::launch::async | std::launch::deferred, compute); // EXPECT: 17 threadlint-async-launch-policy "is the default policy"
  constexpr auto either = std::launch::deferred | std::launch::async;
  auto b = std::async(either, compute); // EXPECT: 17 threadlint-async-launch-policy "is the default policy"
  a.get(), b.get();
}

namespace tasks = std;

void throughAlias() {
  auto a = tasks::async(compute); // EXPECT: 19 threadlint-async-launch-policy
  a.get();
}

template <typename Callable> auto start(Callable callable) {
  return std::async(callable); // EXPECT: 15 threadlint-async-launch-policy
}

template <typename Callable> auto neverStarted(Callable callable) {
  return std::async(callable); // EXPECT: 15 threadlint-async-launch-policy
}

void instantiate() {
  start(compute).get();
  start([] { return 3; }).get();
}
