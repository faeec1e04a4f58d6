#include "notifier.h"

#include <future>
#include <iostream>
#include <thread>

namespace {
int sendEmail(const std::string &customer, const std::string &text) {
  std::cout << "mail to " << customer << ": " << text << "\n";
  return 0;
}
} // namespace

void notifyFill(const std::string &customer, int quantity) {
  // Fire and forget: nobody joins this thread or hears that the mail failed.
  std::thread([customer, quantity] {
    sendEmail(customer, "filled " + std::to_string(quantity));
  }).detach();
}

void notifyAll(const std::string &message) {
  // Looks asynchronous, but the discarded future blocks right here.
  std::async(std::launch::async, sendEmail, "everyone", message);
}
