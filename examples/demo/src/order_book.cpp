#include "order_book.h"

OrderBook::OrderBook() : matcher_([this] { matchLoop(); }) {}

OrderBook::~OrderBook() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  matcher_.join();
}

void OrderBook::submit(Order order) {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_.push_back(std::move(order)); // nothing bounds the backlog
  ready_.notify_one();
}

void OrderBook::submitAndWait(Order order) {
  std::unique_lock<std::mutex> lock(mutex_);
  pending_.push_back(std::move(order));
  ready_.notify_one();
  // A synchronous call into the matcher thread, with no deadline.
  taken_.wait(lock, [this] { return pending_.empty() || stopping_; });
}

void OrderBook::matchLoop() {
  while (true) {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [this] { return !pending_.empty() || stopping_; });
    if (stopping_)
      return;
    pending_.pop_front();
    taken_.notify_all();
  }
}
