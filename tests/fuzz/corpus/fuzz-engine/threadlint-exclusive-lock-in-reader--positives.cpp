// Read-mostly classes whose readers lock exclusively.
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>

class PriceCache {
public:
  double price(const std::string &symbol) const {
    std::lock_guard<std::mutex> lock(mutex_); // EXPECT: 33 threadlint-exclusive-lock-in-reader "2 const member functions only read under 'mutex_' and 1 writes"
    auto found = prices_.find(symbol);
    return found == prices_.end() ? 0.0 : found->second;
  }
  bool has(const std::string &symbol) const {
    std::unique_lock lock(this->mutex_); // EXPECT: 22 threadlint-exclusive-lock-in-reader "std::shared_mutex"
    return prices_.count(symbol) != 0;
  }
  void update(const std::string &symbol, double price) {
    std::lock_guard<std::mutex> lock(mutex_);
    prices_[symbol] = price;
  }

private:
  mutable std::mutex mutex_;
  std::map<std::string, double> prices_;
};

class Settings {
public:
  int timeout() const {
    std::lock_guard<std::shared_mutex> lock(mutex_); // EXPECT: 40 threadlint-exclusive-lock-in-reader "is a shared mutex, so take it with std::shared_lock"
    return timeout_;
  }
  int retries() const {
    mutex_.lock(); // EXPECT: 12 threadlint-exclusive-lock-in-reader
    int value = retries_;
    mutex_.unlock();
    return value;
  }
  std::string name() const {
    std::scoped_lock lock(mutex_); // EXPECT: 22 threadlint-exclusive-lock-in-reader
    return name_;
  }
  void set(int timeout) {
    std::unique_lock lock(mutex_);
    timeout_ = timeout;
  }

private:
  mutable std::shared_mutex mutex_;
  int timeout_ = 0;
  int retries_ = 0;
  std::string name_;
};

template <typename Value> class Registry {
public:
  Value get(int key) const {
    std::lock_guard<std::mutex> lock(mutex_); // EXPECT: 33 threadlint-exclusive-lock-in-reader
    return values_.at(key);
  }
  bool contains(int key) const {
    std::lock_guard<std::mutex> lock(mutex_); // EXPECT: 33 threadlint-exclusive-lock-in-reader
    return values_.count(key) != 0;
  }

private:
  mutable std::mutex mutex_;
  std::map<int, Value> values_;
};

Registry<int> first;
Registry<std::string> second;
int useRegistries() { return first.get(1) + static_cast<int>(second.contains(2)); }
