#pragma once

#include <string>
#include <thread>
#include <vector>

// Streams quotes from the exchange into the price cache.
class PriceCache;

class MarketFeed {
public:
  explicit MarketFeed(PriceCache &prices) : prices_(prices) {}
  void start(std::vector<std::string> lines);

private:
  void parseLines(std::vector<std::string> lines);

  PriceCache &prices_;
  std::thread reader_; // never joined: ~MarketFeed is implicit
};

void reconnectForever();
