#include "rules/bottleneck/BottleneckRules.h"

#include "rules/bottleneck/BlockingUnderLockRule.h"

namespace threadlint::bottleneck {

void addRules(std::vector<RuleEntry> &rules) {
  rules.push_back(makeRuleEntry<BlockingUnderLockRule>());
}

} // namespace threadlint::bottleneck
