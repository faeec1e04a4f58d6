#include <stdexcept>
#include <thread>

void start() {
  std::thread worker([] {
    throw std::runtime_error("a"); // NOLINT(threadlint-exception-escapes-thread)
    // NOLINTNEXTLINE(threadlint-*)
    throw std::runtime_error("b");
    throw std::runtime_error("c"); // NOLINT(threadlint-other) // EXPECT: 5 threadlint-exception-escapes-thread
  });
  worker.join();
}
