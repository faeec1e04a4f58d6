#include "audit_log.h"
#include "fill_stats.h"
#include "notifier.h"
#include "order_book.h"
#include "price_cache.h"

int main() {
  OrderBook book;
  PriceCache prices;
  prices.update("ACME", 12.5);
  book.submit({"ACME", 10});
  audit("session-1 submitted ACME");
  FillStats stats;
  stats.record("ACME", 10);
  notifyFill("alice", 10);
  notifyAll("market closes early");
  return prices.has("ACME") && stats.traded("ACME") ? 0 : 1;
}
