// Lock striping, fixed keys, pruned tables, maps of other things.
#include <array>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

class StripedLocks {
public:
  std::mutex &forKey(const std::string &key) {
    return stripes_[std::hash<std::string>{}(key) % stripes_.size()];
  }

private:
  std::array<std::mutex, 64> stripes_;
};

class SizedOnce {
public:
  explicit SizedOnce(std::size_t count) : stripes_(count) {}
  std::mutex &forKey(std::size_t key) { return stripes_[key % stripes_.size()]; }

private:
  std::vector<std::mutex> stripes_;
};

// A fixed set of named locks.
enum class Resource { Disk, Network };
std::map<Resource, std::mutex> resourceLocks;
std::map<std::string, std::mutex> namedLocks;
void fixed() {
  std::lock_guard<std::mutex> disk(resourceLocks[Resource::Disk]);
  std::lock_guard<std::mutex> config(namedLocks["config"]);
}

// A lock table that drops entries when the owner goes.
class Sessions {
public:
  void open(int id) { locks_.try_emplace(id, std::make_unique<std::mutex>()); }
  void close(int id) { locks_.erase(id); }

private:
  std::unordered_map<int, std::unique_ptr<std::mutex>> locks_;
};

// Maps of things that are not mutexes.
std::map<std::string, int> counts;
std::map<std::string, std::unique_ptr<int>> boxes;
void notLocks(const std::string &key) {
  counts[key] = 1;
  boxes[key] = std::make_unique<int>(1);
}
