// A checked timed wait first on every path; thread entries; main.
#include <chrono>
#include <future>
#include <semaphore>
#include <thread>

using namespace std::chrono_literals;

int checkedFirst(std::future<int> &result) {
  if (result.wait_for(1s) == std::future_status::timeout)
    return -1;
  return result.get();
}

int checkedInALoop(std::future<int> &result) {
  while (result.wait_for(100ms) != std::future_status::ready) {
  }
  return result.get();
}

int checkedIntoAVariable(std::shared_future<int> result) {
  auto status = result.wait_until(std::chrono::steady_clock::now() + 1s);
  if (status != std::future_status::ready)
    return -1;
  result.wait();
  return result.get();
}

bool semaphoreWithDeadline(std::counting_semaphore<4> &slots) {
  if (!slots.try_acquire_for(10ms))
    return false;
  slots.acquire();
  return true;
}

void threadEntry(std::future<int> result) { result.get(); }

void startsEntries(std::promise<int> &promise, std::binary_semaphore &gate) {
  std::thread worker(threadEntry, promise.get_future());
  std::thread waiter([&gate] { gate.acquire(); });
  worker.join();
  waiter.join();
}

int main() {
  auto answer = std::async(std::launch::async, [] { return 42; });
  return answer.get() == 42 ? 0 : 1;
}
