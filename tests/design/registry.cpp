// Registries: process-lifetime tables of names.
#include <map>
#include <mutex>
#include <set>
#include <string>

// A table of sessions that only grows: names from input, never removed.
class SessionRegistry { // VERDICT: SessionRegistry registry needs-work
public:
  static void open(const std::string &name) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++sessions_[name];
  }

private:
  static std::mutex mutex_;
  static std::map<std::string, int> sessions_;
};
std::mutex SessionRegistry::mutex_;
std::map<std::string, int> SessionRegistry::sessions_;

using NameSet = std::set<std::string>;

// The same table with the removal that keeps it bounded by live owners.
class ServiceDirectory { // VERDICT: ServiceDirectory registry healthy
public:
  static void add(const std::string &name) {
    std::lock_guard lock(mutex_);
    names_.insert(name);
  }
  static void remove(const std::string &name) {
    std::lock_guard lock(mutex_);
    names_.erase(name);
  }

private:
  static inline std::mutex mutex_;
  static inline NameSet names_;
};
