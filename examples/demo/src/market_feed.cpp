#include "market_feed.h"

#include "price_cache.h"

#include <cstdio>
#include <stdexcept>

void MarketFeed::start(std::vector<std::string> lines) {
  reader_ = std::thread(&MarketFeed::parseLines, this, std::move(lines));
}

void MarketFeed::parseLines(std::vector<std::string> lines) {
  for (const std::string &line : lines) {
    auto space = line.find(' ');
    // A malformed quote throws std::invalid_argument out of the thread.
    prices_.update(line.substr(0, space), std::stod(line.substr(space + 1)));
  }
}

namespace {
void connectToExchange() { throw std::runtime_error("exchange unreachable"); }
} // namespace

void reconnectForever() {
  while (true) {
    try {
      connectToExchange();
      return;
    } catch (const std::exception &error) {
      std::fprintf(stderr, "feed: %s, reconnecting\n", error.what());
    }
  }
}
