// Waiting on futures and semaphores with no deadline.
#include <chrono>
#include <future>
#include <semaphore>

using namespace std::chrono_literals;

int compute() { return 1; }

int fromAsync() {
  auto result = std::async(std::launch::async, compute);
  return result.get(); // EXPECT: 17 threadlint-untimed-wait "'result.get()' waits with no deadline: if the producer hangs"
}

void fromPromise(std::promise<int> &promise) {
  std::future<int> value = promise.get_future();
  value.wait(); // EXPECT: 9 threadlint-untimed-wait "'value.wait()'"
}

int fromPackagedTask(std::packaged_task<int()> &task) {
  auto future = task.get_future();
  return future.get(); // EXPECT: 17 threadlint-untimed-wait
}

int sharedFuture(std::shared_future<int> shared) {
  return shared.get(); // EXPECT: 17 threadlint-untimed-wait
}

int uncheckedTimedWait(std::future<int> &result) {
  result.wait_for(1s); // the status is thrown away
  return result.get(); // EXPECT: 17 threadlint-untimed-wait
}

int timedWaitOnOnlyOnePath(std::future<int> &result, bool patient) {
  if (patient) {
    if (result.wait_for(1s) != std::future_status::ready)
      return -1;
  }
  return result.get(); // EXPECT: 17 threadlint-untimed-wait
}

int timedWaitOnAnotherFuture(std::future<int> &first, std::future<int> &second) {
  if (first.wait_for(1s) != std::future_status::ready)
    return -1;
  return second.get(); // EXPECT: 17 threadlint-untimed-wait
}

class Pool {
public:
  void borrow() {
    slots_.acquire(); // EXPECT: 12 threadlint-untimed-wait "'slots_.acquire()' waits with no deadline: if the permit is never released"
  }
  void borrowOne(std::binary_semaphore &gate) {
    gate.acquire(); // EXPECT: 10 threadlint-untimed-wait
  }

private:
  std::counting_semaphore<8> slots_{8};
};
