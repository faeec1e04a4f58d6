#include "engine/RuleTable.h"

#include "rules/async/AsyncRules.h"
#include "rules/bottleneck/BottleneckRules.h"
#include "rules/names/NamesRules.h"
#include "rules/timeouts/TimeoutsRules.h"

#include <algorithm>

namespace threadlint {

const std::vector<RuleEntry> &allRules() {
  static const std::vector<RuleEntry> Table = [] {
    std::vector<RuleEntry> table;
    async::addRules(table);
    bottleneck::addRules(table);
    names::addRules(table);
    timeouts::addRules(table);
    addTestOnlyRules(table);
    std::sort(table.begin(), table.end(), [](const RuleEntry &left, const RuleEntry &right) {
      return left.info.id < right.info.id;
    });
    return table;
  }();
  return Table;
}

const RuleEntry *findRule(llvm::StringRef id) {
  for (const RuleEntry &entry : allRules())
    if (llvm::StringRef(entry.info.id) == id)
      return &entry;
  return nullptr;
}

} // namespace threadlint
