#include "price_cache.h"

#include <chrono>
#include <thread>

double PriceCache::price(const std::string &symbol) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = prices_.find(symbol);
  return found == prices_.end() ? 0.0 : found->second;
}

bool PriceCache::has(const std::string &symbol) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return prices_.count(symbol) != 0;
}

void PriceCache::update(const std::string &symbol, double price) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Throttle the feed: every reader waits behind this sleep.
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  prices_[symbol] = price;
}
