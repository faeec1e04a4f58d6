// Lock tables: a mutex per run-time key, never removed.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

class FileLocks {
public:
  void withFile(const std::string &path) {
    std::lock_guard<std::mutex> guard(tableMutex_);
    std::lock_guard<std::mutex> fileGuard(locks_[path]); // EXPECT: 43 threadlint-per-key-mutex "'locks_' creates a mutex for every new key and nothing in this translation unit ever removes one"
  }

private:
  std::mutex tableMutex_;
  std::unordered_map<std::string, std::mutex> locks_;
};

// Owned through smart pointers, with integer keys, through `this->`.
class AccountLocks {
public:
  std::shared_mutex &forAccount(std::uint64_t account) {
    auto [slot, inserted] = this->byAccount_.try_emplace(account, std::make_unique<std::shared_mutex>()); // EXPECT: 46 threadlint-per-key-mutex "'byAccount_'"
    return *slot->second;
  }
  std::shared_ptr<std::recursive_mutex> shared(int id) {
    auto &slot = shared_[id]; // EXPECT: 18 threadlint-per-key-mutex "'shared_'"
    if (!slot)
      slot = std::make_shared<std::recursive_mutex>();
    return slot;
  }

private:
  std::map<std::uint64_t, std::unique_ptr<std::shared_mutex>> byAccount_;
  std::map<int, std::shared_ptr<std::recursive_mutex>> shared_;
};

// Through an alias, a static table and a piecewise emplace.
using TimedLocks = std::map<std::string, std::timed_mutex>;
TimedLocks timedLocks;

void lockTimed(const std::string &name) {
  timedLocks.emplace(std::piecewise_construct, std::forward_as_tuple(name), // EXPECT: 14 threadlint-per-key-mutex "'timedLocks'"
                     std::forward_as_tuple());
  timedLocks[name].lock(); // EXPECT: 3 threadlint-per-key-mutex "'timedLocks'"
  timedLocks[name].unlock(); // EXPECT: 3 threadlint-per-key-mutex
}

template <typename Key> class KeyedLocks {
public:
  std::mutex &get(const Key &key) { return locks_[key]; } // EXPECT: 44 threadlint-per-key-mutex "'locks_'"

private:
  std::map<Key, std::mutex> locks_;
};
std::mutex &forUser(KeyedLocks<std::string> &locks, const std::string &user) {
  return locks.get(user);
}
