#include <thread>

void work();
bool more();

void suppressed() {
  while (more()) {
    std::thread(work).detach(); // NOLINT(threadlint-thread-per-task)
    // NOLINTNEXTLINE(threadlint-thread-per-task)
    std::thread(work).join();
    std::thread(work).join(); // NOLINT(threadlint-detached-thread) // EXPECT: 5 threadlint-thread-per-task
  }
}
