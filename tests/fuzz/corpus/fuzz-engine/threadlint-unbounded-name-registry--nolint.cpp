#include <map>
#include <string>

#include "header.h"

std::map<std::string, int> table;

void add(const std::string &key) {
  table[key] = 1; // NOLINT(threadlint-unbounded-name-registry)
  // NOLINTNEXTLINE(threadlint-*)
  table[key + "x"] = 2;
  table.emplace(key, 3); // NOLINT(threadlint-per-key-mutex) // EXPECT: 9 threadlint-unbounded-name-registry
}
