// Mutexes with nothing to guard.
#include <mutex>
#include <string>

class TaxCalculator {
public:
  explicit TaxCalculator(double rate) : rate_(rate) {}
  double tax(double amount) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return amount * rate_;
  }

private:
  mutable std::mutex mutex_; // EXPECT: 22 threadlint-lock-without-state "'mutex_' guards no mutable state: every other data member of 'TaxCalculator' is const"
  const double rate_;
};

class Formatter {
public:
  std::string format(int value) {
    this->mutex_.lock();
    std::string text = prefix_ + std::to_string(value);
    this->mutex_.unlock();
    return text;
  }

private:
  std::mutex mutex_; // EXPECT: 14 threadlint-lock-without-state
  const std::string &prefix_ = defaultPrefix();
  static const std::string &defaultPrefix();
};

class StatelessService {
public:
  int compute(int input) {
    std::scoped_lock lock(mutex_);
    return input * 2;
  }

private:
  std::mutex mutex_; // EXPECT: 14 threadlint-lock-without-state
};

class PointsAtConstData {
public:
  int first() {
    std::unique_lock lock(mutex_);
    return *values_;
  }

private:
  std::recursive_mutex mutex_; // EXPECT: 24 threadlint-lock-without-state
  const int *values_ = nullptr;
};
