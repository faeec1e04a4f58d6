#include <future>

int compute() { return 42; }
int twice(int value) { return 2 * value; }

int run() {
  auto a = std::async(compute);
  auto b = std::async(twice, 21);
  auto c = std::async(std::launch::async | std::launch::deferred, compute);
  return a.get() + b.get() + c.get();
}
