#include <mutex>
#include <unistd.h>

std::mutex mutex;
int state = 0;

void suppressed() {
  std::lock_guard<std::mutex> lock(mutex);
  ++state;
  ::sleep(1); // NOLINT(threadlint-blocking-under-lock)
  // NOLINTNEXTLINE(threadlint-*)
  ::sleep(2);
  ::sleep(3); // NOLINT(threadlint-detached-thread) // EXPECT: 5 threadlint-blocking-under-lock
}
