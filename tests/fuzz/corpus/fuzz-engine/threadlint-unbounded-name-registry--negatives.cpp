// Constant keys, per-instance tables, pruned tables, non-string keys.
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

enum class Color { Red, Green };
constexpr const char *nameOf(Color color) { return color == Color::Red ? "red" : "green"; }

std::map<std::string, int> constantKeys;
constexpr std::string_view KeyName = "alpha";
const char *const PlainConstant = "beta";
const std::string ConstantString = "gamma";

void fillConstants() {
  constantKeys["literal"] = 1;
  constantKeys[std::string(KeyName)] = 2;
  constantKeys.emplace(PlainConstant, 3);
  constantKeys.insert({ConstantString, 4});
  constantKeys.try_emplace(nameOf(Color::Green), 5);
}

// Per-instance tables live and die with their owner.
class Cache {
public:
  void put(const std::string &key, int value) { entries_[key] = value; }

private:
  std::unordered_map<std::string, int> entries_;
};

void local(const std::string &key) {
  std::map<std::string, int> scratch;
  scratch[key] = 1;
}

// Tables that are pruned anywhere in the translation unit.
std::map<std::string, int> erased;
std::set<std::string> cleared;
std::unordered_map<std::string, int> extracted;
std::map<std::string, int> swapped;
std::map<std::string, int> reassigned;
std::map<std::string, int> handedOut;
std::map<std::string, int> aliased;
std::map<std::string, int> &exposed() {
  static std::map<std::string, int> table;
  return table;
}
std::map<std::string, int> exposedTable;
std::map<std::string, int> &exposeTable() { return exposedTable; }

void prune(std::map<std::string, int> &table);

void insertAll(const std::string &key) {
  erased[key] = 1;
  cleared.insert(key);
  extracted.emplace(key, 1);
  swapped[key] = 1;
  reassigned[key] = 1;
  handedOut[key] = 1;
  aliased[key] = 1;
  exposedTable[key] = 1;
}

void removeAll(const std::string &key) {
  erased.erase(key);
  cleared.clear();
  extracted.extract(key);
  std::map<std::string, int>().swap(swapped);
  reassigned = {};
  prune(handedOut);
  auto &alias = aliased;
  alias.erase(key);
}

// Keys that are not names.
std::map<int, std::string> byNumber;
void number(int id) { byNumber[id] = "x"; }

// Reading without inserting.
std::map<std::string, int> readOnly = {{"a", 1}};
int read(const std::string &key) {
  auto found = readOnly.find(key);
  return found == readOnly.end() ? 0 : found->second + static_cast<int>(readOnly.count(key));
}

// thread_local tables are per thread, not per process.
thread_local std::map<std::string, int> perThread;
void perThreadInsert(const std::string &key) { perThread[key] = 1; }
