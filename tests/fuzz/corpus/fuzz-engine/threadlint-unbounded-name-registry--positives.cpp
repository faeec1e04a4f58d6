// Process-lifetime tables keyed by names from run-time data, never pruned.
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "header.h"

struct Session {
  int id = 0;
};

std::map<std::string, Session> sessions;

void openSession(const std::string &user, Session session) {
  sessions[user] = session; // EXPECT: 3 threadlint-unbounded-name-registry "'sessions' lives as long as the process and gains an entry for every new name"
}

int lookup(const std::string &user) {
  return sessions[user].id; // EXPECT: 10 threadlint-unbounded-name-registry "operator[] inserts a missing key even when the result is only read"
}

namespace metrics {
std::unordered_map<std::string, long> counters;
std::unordered_set<std::string> seenNames;
std::multimap<std::string, int> samples;
std::unordered_multimap<std::string, int> events;
std::set<std::string_view> interned;

void count(const std::string &name) {
  counters.try_emplace(name, 0); // EXPECT: 12 threadlint-unbounded-name-registry "'counters'"
  seenNames.insert(name);        // EXPECT: 13 threadlint-unbounded-name-registry "'seenNames'"
  samples.emplace(name, 1);      // EXPECT: 11 threadlint-unbounded-name-registry "'samples'"
  events.insert({name, 2});      // EXPECT: 10 threadlint-unbounded-name-registry "'events'"
  interned.insert(std::string_view(name)); // EXPECT: 12 threadlint-unbounded-name-registry "'interned'"
  counters.insert_or_assign(name + ".total", 1); // EXPECT: 12 threadlint-unbounded-name-registry
  counters.insert(std::make_pair(name, 3)); // EXPECT: 12 threadlint-unbounded-name-registry
}
} // namespace metrics

// A custom hasher and allocator, reached through an alias.
struct NameHash {
  std::size_t operator()(const std::string &name) const { return std::hash<std::string>{}(name); }
};
template <typename T> using Pool = std::allocator<T>;
using HandlerTable =
    std::unordered_map<std::string, std::function<void()>, NameHash, std::equal_to<std::string>,
                       Pool<std::pair<const std::string, std::function<void()>>>>;
HandlerTable handlers;

void subscribe(std::string topic, std::function<void()> handler) {
  handlers.emplace(std::move(topic), std::move(handler)); // EXPECT: 12 threadlint-unbounded-name-registry "'handlers'"
}

// A static data member defined out of line, inserted into through `this->`.
class Registry {
public:
  void add(const char *name, int value) {
    this->entries_[name] = value; // EXPECT: 5 threadlint-unbounded-name-registry "'entries_'"
  }
  static void addStatic(std::string_view name) {
    Registry::views_.insert(name); // EXPECT: 22 threadlint-unbounded-name-registry "'views_'"
  }

private:
  static std::map<const char *, int> entries_;
  static std::set<std::string_view> views_;
};
std::map<const char *, int> Registry::entries_;
std::set<std::string_view> Registry::views_;

// A function-local static inside a template, and `auto` on the way.
template <typename Tag> int idFor(const std::string &name) {
  static std::unordered_map<std::string, int> ids;
  auto result = ids.emplace(name, static_cast<int>(ids.size())); // EXPECT: 21 threadlint-unbounded-name-registry "'ids'"
  return result.first->second;
}
struct UserTag {};
int userId(const std::string &name) { return idFor<UserTag>(name); }

// A key built at run time from constants is still a run-time key.
std::map<std::string, int> routes;
void addRoute(int version) {
  routes["/v" + std::to_string(version)] = version; // EXPECT: 3 threadlint-unbounded-name-registry "'routes'"
}

// Through a macro, reported where the macro is used.
#define REMEMBER(table, name) (table).insert(name)
void remember(const std::string &name) {
  REMEMBER(metrics::seenNames, name); // EXPECT: 3 threadlint-unbounded-name-registry "'seenNames'"
}
