// Exceptions that leave a thread entry: std::terminate.
#include <any>
#include <future>
#include <map>
#include <optional>
#include <pthread.h>
#include <stdexcept>
#include <string>
#include <thread>
#include <variant>
#include <vector>

struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void lambdaEntry(const std::string &port) {
  std::thread worker([port] {
    int number = std::stoi(port); // EXPECT: 23 threadlint-exception-escapes-thread "'std::stoi' is not caught"
    if (number < 0)
      throw ConfigError("negative port"); // EXPECT: 7 threadlint-exception-escapes-thread "ConfigError"
  });
  worker.join();
}

void freeEntry(std::vector<int> values, std::map<int, int> table) {
  values.at(3); // EXPECT: 10 threadlint-exception-escapes-thread "'std::vector::at'"
  table.at(1); // EXPECT: 9 threadlint-exception-escapes-thread
}

void startsFree() {
  std::jthread worker(freeEntry, std::vector<int>{}, std::map<int, int>{});
}

void onlySomeTypesCaught(std::string text) {
  try {
    std::stol(text); // EXPECT: 10 threadlint-exception-escapes-thread "'std::stol'"
  } catch (const std::invalid_argument &) {
    // out_of_range still escapes
  }
  try {
    throw std::logic_error("bug"); // EXPECT: 5 threadlint-exception-escapes-thread
  } catch (const std::runtime_error &) {
  }
}

class Server {
public:
  void start() { thread_ = std::thread(&Server::run, this); }
  ~Server() { thread_.join(); }

private:
  void run() {
    std::optional<int> port;
    port.value(); // EXPECT: 10 threadlint-exception-escapes-thread "'std::optional::value'"
    std::variant<int, std::string> setting = 1;
    std::get<std::string>(setting); // EXPECT: 10 threadlint-exception-escapes-thread
    std::any anything = 1;
    std::any_cast<double>(anything); // EXPECT: 10 threadlint-exception-escapes-thread
  }
  std::thread thread_;
};

struct Job {
  std::future<int> input;
  void operator()() {
    input.get(); // EXPECT: 11 threadlint-exception-escapes-thread "'std::future::get'"
  }
};

void startsJob(std::vector<std::thread> &pool) {
  pool.emplace_back(Job{});
  std::thread second(onlySomeTypesCaught, "12");
  second.join();
}

void *routine(void *) {
  throw 42; // EXPECT: 3 threadlint-exception-escapes-thread
}

void startsPosix() {
  pthread_t handle;
  pthread_create(&handle, nullptr, routine, nullptr);
}

void nestedLambdaEntry() {
  std::thread outer([] {
    std::thread inner([] { throw std::runtime_error("inner"); }); // EXPECT: 28 threadlint-exception-escapes-thread
    inner.join();
  });
  outer.join();
}

void rethrowsInHandler() {
  std::thread worker([] {
    try {
      throw std::runtime_error("first");
    } catch (const std::exception &) {
      throw; // EXPECT: 7 threadlint-exception-escapes-thread "the rethrown exception"
    }
  });
  worker.join();
}
