#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>

// Fill statistics, done right: the counter is an atomic, and the per-symbol
// table is read far more than written, so readers share the lock.
class FillStats {
public:
  void record(const std::string &symbol, int quantity) {
    fills_.fetch_add(1);
    std::unique_lock lock(mutex_);
    volume_[symbol] += quantity;
  }
  long fills() const { return fills_.load(); }
  int volume(const std::string &symbol) const {
    std::shared_lock lock(mutex_);
    auto found = volume_.find(symbol);
    return found == volume_.end() ? 0 : found->second;
  }
  bool traded(const std::string &symbol) const {
    std::shared_lock lock(mutex_);
    return volume_.count(symbol) != 0;
  }

private:
  std::atomic<long> fills_{0};
  mutable std::shared_mutex mutex_;
  std::map<std::string, int> volume_;
};
