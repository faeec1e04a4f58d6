#include <map>
#include <mutex>
#include <string>

std::map<std::string, std::mutex> locks;

std::mutex &lockFor(const std::string &key) {
  locks.try_emplace(key); // NOLINT(threadlint-per-key-mutex)
  return locks[key]; // NOLINT(threadlint-unbounded-name-registry) // EXPECT: 10 threadlint-per-key-mutex
}
