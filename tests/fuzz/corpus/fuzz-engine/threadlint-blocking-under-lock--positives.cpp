// Blocking while holding a lock, through every spelling of "holding".
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <future>
#include <latch>
#include <mutex>
#include <semaphore>
#include <shared_mutex>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

class Cache {
public:
  void refresh() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::this_thread::sleep_for(10ms); // EXPECT: 23 threadlint-blocking-under-lock "'std::this_thread::sleep_for' blocks while 'mutex_' is held (locked on line 19)"
    value_ = 1;
  }

  void refreshThroughThis() {
    std::scoped_lock lock(this->mutex_); // CTAD
    ::usleep(100); // EXPECT: 7 threadlint-blocking-under-lock "'usleep' blocks while 'this->mutex_' is held"
    value_ = 2;
  }

  void nestedScope(std::future<int> &pending) {
    std::unique_lock lock(mutex_);
    if (value_ > 0) {
      {
        value_ = pending.get(); // EXPECT: 26 threadlint-blocking-under-lock "'std::future::get'"
      }
    }
  }

  void deferredThenLocked(std::thread &worker) {
    std::unique_lock<std::mutex> lock(mutex_, std::defer_lock);
    value_ = 3;
    lock.lock();
    worker.join(); // EXPECT: 12 threadlint-blocking-under-lock "'std::thread::join'"
  }

  void unlockThenRelock(std::counting_semaphore<4> &slots) {
    std::unique_lock<std::mutex> lock(mutex_);
    lock.unlock();
    lock.lock();
    slots.acquire(); // EXPECT: 11 threadlint-blocking-under-lock "'std::counting_semaphore::acquire'"
  }

  void waitsOnAnotherLock(std::condition_variable &ready, std::mutex &other) {
    std::lock_guard<std::mutex> held(mutex_);
    std::unique_lock<std::mutex> lock(other);
    ready.wait(lock); // EXPECT: 11 threadlint-blocking-under-lock "'std::condition_variable::wait' blocks while 'mutex_' is held"
  }

  void manualLock(std::latch &done) {
    mutex_.lock();
    done.wait(); // EXPECT: 10 threadlint-blocking-under-lock "'std::latch::wait'"
    mutex_.unlock();
  }

  void ioThatIsNotAllTheSectionDoes(int fd, char *buffer) {
    std::lock_guard<std::mutex> lock(mutex_);
    ::read(fd, buffer, 16); // EXPECT: 7 threadlint-blocking-under-lock "'read'"
    value_ = buffer[0];
    std::ifstream config("/etc/app.conf"); // EXPECT: 19 threadlint-blocking-under-lock "opening a file stream"
  }

private:
  std::mutex mutex_;
  int value_ = 0;
};

std::shared_mutex tableMutex;
int table[16];

void sharedLockBlocksToo(FILE *file) {
  std::shared_lock reader(tableMutex);
  table[0] = 1;
  std::fread(table, sizeof table, 1, file); // EXPECT: 8 threadlint-blocking-under-lock "'fread'"
}

template <typename Mutex> void sleepUnder(Mutex &mutex) {
  std::lock_guard<Mutex> lock(mutex);
  std::this_thread::sleep_for(1ms); // EXPECT: 21 threadlint-blocking-under-lock
}

void instantiateTwice(std::mutex &a, std::recursive_mutex &b) {
  sleepUnder(a);
  sleepUnder(b);
}

void insideAThreadEntry(std::mutex &mutex) {
  std::thread worker([&mutex] {
    std::lock_guard<std::mutex> lock(mutex);
    std::this_thread::sleep_for(1ms); // EXPECT: 23 threadlint-blocking-under-lock
  });
  worker.join();
}
