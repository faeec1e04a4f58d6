// Futures that are kept, returned, passed on or waited on are fine.
#include <future>
#include <vector>

int compute() { return 42; }

namespace mylib {
template <typename F> int async(F f) { return f(); }
} // namespace mylib

std::future<int> returned() { return std::async(std::launch::async, compute); }

void consume(std::future<int> future);

struct Holder {
  std::future<int> pending;
  void start() { pending = std::async(std::launch::async, compute); }
};

int kept() {
  auto future = std::async(std::launch::async, compute);
  std::future<int> other{std::async(compute)};
  std::vector<std::future<int>> futures;
  futures.push_back(std::async(compute));
  futures.emplace_back(std::async(compute));
  consume(std::async(compute));
  int direct = std::async(compute).get();
  mylib::async(compute);
  return future.get() + other.get() + direct;
}

template <typename Callable> auto forwards(Callable callable) {
  return std::async(std::launch::async, callable);
}

void useForwards() { auto future = forwards(compute); }
