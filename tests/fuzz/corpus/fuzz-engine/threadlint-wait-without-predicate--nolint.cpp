// CHECKS: threadlint-wait-without-predicate
#include <condition_variable>
#include <mutex>

void waits(std::condition_variable &cv, std::mutex &mutex) {
  std::unique_lock<std::mutex> lock(mutex);
  cv.wait(lock); // NOLINT(threadlint-wait-without-predicate)
  cv.wait(lock); // NOLINT(threadlint-other) // EXPECT: 6 threadlint-wait-without-predicate
}
