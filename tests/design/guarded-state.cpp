// Guarded state: state behind one lock, or atomics.
#include <atomic>
#include <mutex>
#include <thread>

class Account { // VERDICT: Account guarded-state healthy
public:
  void deposit(long amount) {
    std::lock_guard<std::mutex> lock(mutex_);
    balance_ += amount;
  }
  long balance() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return balance_;
  }

private:
  mutable std::mutex mutex_;
  long balance_ = 0;
};

// Sleeps while holding its lock.
class Throttle { // VERDICT: Throttle guarded-state needs-work
public:
  void take() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++taken_;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }

private:
  std::mutex mutex_;
  unsigned taken_ = 0;
};

class Counters { // VERDICT: Counters guarded-state healthy
public:
  void hit() { hits_.fetch_add(1); }
  long hits() const { return hits_.load(); }

private:
  std::atomic<long> hits_{0};
};
