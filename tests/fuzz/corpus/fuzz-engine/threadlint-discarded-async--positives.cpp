// Every way the future of std::async is thrown away is reported at `async`.
#include <future>

int compute() { return 42; }

void statement() {
  std::async(std::launch::async, compute); // EXPECT: 8 threadlint-discarded-async "discarded"
  std::async(compute); // EXPECT: 8 threadlint-discarded-async
  std::async(std::launch::deferred, [] { return 1; }); // EXPECT: 8 threadlint-discarded-async
}

void castsToVoid() {
  (void)std::async(compute); // EXPECT: 14 threadlint-discarded-async
  static_cast<void>(std::async(compute)); // EXPECT: 26 threadlint-discarded-async
  void(std::async(compute)); // EXPECT: 13 threadlint-discarded-async
}

void commaOperands(int value) {
  std::async(compute), value++; // EXPECT: 8 threadlint-discarded-async
  value++, std::async(compute); // EXPECT: 17 threadlint-discarded-async
}

void unbracedBodies(bool condition) {
  if (condition)
    std::async(compute); // EXPECT: 10 threadlint-discarded-async
  else
    std::async(compute); // EXPECT: 10 threadlint-discarded-async
  for (int i = 0; i < 3; ++i)
    std::async(compute); // EXPECT: 10 threadlint-discarded-async
  while (condition)
    std::async(compute); // EXPECT: 10 threadlint-discarded-async
}

namespace concurrency = std;
using std::async;

void behindAliases() {
  concurrency::async(compute); // EXPECT: 16 threadlint-discarded-async
  async(compute); // EXPECT: 3 threadlint-discarded-async
}

template <typename Callable> void runInTemplate(Callable callable) {
  std::async(std::launch::async, callable); // EXPECT: 8 threadlint-discarded-async
}

template <typename Callable> void neverInstantiated(Callable callable) {
  std::async(callable); // EXPECT: 8 threadlint-discarded-async
}

void instantiate() {
  runInTemplate(compute);
  runInTemplate([] { return 2; });
}
