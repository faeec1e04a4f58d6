#pragma once

#include <map>
#include <mutex>
#include <string>

// Read on every request, written by a feed a few times a minute.
class PriceCache {
public:
  double price(const std::string &symbol) const;
  bool has(const std::string &symbol) const;
  void update(const std::string &symbol, double price);

private:
  mutable std::mutex mutex_;
  std::map<std::string, double> prices_;
};
