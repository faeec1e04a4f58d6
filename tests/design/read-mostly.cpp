// Read-mostly state: read far more than written.
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>

// Readers share the lock.
class Settings { // VERDICT: Settings read-mostly healthy
public:
  std::string get(const std::string &key) const {
    std::shared_lock lock(mutex_);
    auto found = values_.find(key);
    return found == values_.end() ? std::string() : found->second;
  }
  bool has(const std::string &key) const {
    std::shared_lock lock(mutex_);
    return values_.count(key) != 0;
  }
  void set(const std::string &key, const std::string &value) {
    std::unique_lock lock(mutex_);
    values_[key] = value;
  }

private:
  mutable std::shared_mutex mutex_;
  std::map<std::string, std::string> values_;
};

// Readers queue up behind an exclusive mutex.
class RateTable { // VERDICT: RateTable read-mostly needs-work built-as guarded-state
public:
  double rate(int id) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return rates_.at(id);
  }
  bool known(int id) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return rates_.count(id) != 0;
  }
  void update(int id, double rate) {
    std::lock_guard<std::mutex> lock(mutex_);
    rates_[id] = rate;
  }

private:
  mutable std::mutex mutex_;
  std::map<int, double> rates_;
};
