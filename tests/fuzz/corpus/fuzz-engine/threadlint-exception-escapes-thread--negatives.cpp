// Caught inside the entry, delivered through futures, noexcept by choice,
// or not a thread entry at all.
#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

int parse(const std::string &text) { return std::stoi(text); } // not an entry

void caughtEverything(std::string text) {
  try {
    std::stoi(text);
    throw std::runtime_error("x");
  } catch (...) {
  }
}

void caughtByBase(std::vector<int> values) {
  try {
    values.at(10);
    std::stoull("99999999999999999999999");
    throw std::out_of_range("y");
  } catch (const std::exception &error) {
  }
}

void caughtByLogicError(std::string text) {
  try {
    std::stod(text);
  } catch (const std::logic_error &) {
  }
}

void startsCaught() {
  std::thread a(caughtEverything, "1");
  std::thread b(caughtByBase, std::vector<int>{});
  std::thread c(caughtByLogicError, "2");
  a.join(), b.join(), c.join();
}

void throughFutures() {
  auto viaAsync = std::async(std::launch::async, [] { return std::stoi("x"); });
  std::packaged_task<int()> task([] { return std::stoi("y"); });
  std::promise<int> promise;
  std::thread worker([&promise] {
    try {
      promise.set_value(std::stoi("z"));
    } catch (...) {
      promise.set_exception(std::current_exception());
    }
  });
  worker.join();
  viaAsync.get();
}

void noexceptEntry() {
  std::thread worker([]() noexcept { throw std::runtime_error("terminate on purpose"); });
  worker.join();
}

void callsParse() {
  std::thread worker([] {
    try {
      parse("12");
    } catch (...) {
    }
  });
  worker.join();
}

void notAnEntry() { throw std::runtime_error("ordinary function"); }

void definedButStartedNowhere() {
  auto lambda = [] { throw std::runtime_error("never a thread"); };
  (void)lambda;
}
