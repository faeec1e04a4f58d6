#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

struct Order {
  std::string symbol;
  int quantity = 0;
};

// Accepts orders from request handlers and matches them on a worker thread.
class OrderBook {
public:
  OrderBook();
  ~OrderBook();

  void submit(Order order);
  void submitAndWait(Order order);

private:
  void matchLoop();

  std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable taken_;
  std::deque<Order> pending_;
  bool stopping_ = false;
  std::thread matcher_;
};
