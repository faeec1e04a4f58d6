#include <condition_variable>
#include <mutex>

void waits(std::condition_variable &cv, std::mutex &mutex, bool &ready) {
  std::unique_lock<std::mutex> lock(mutex);
  cv.wait(lock, [&] { return ready; }); // NOLINT(threadlint-untimed-condition-wait)
  // NOLINTNEXTLINE(threadlint-untimed-condition-wait)
  cv.wait(lock, [&] { return ready; });
  cv.wait(lock, [&] { return ready; }); // NOLINT(threadlint-other) // EXPECT: 6 threadlint-untimed-condition-wait
}
