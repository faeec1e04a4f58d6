#include "rules/bottleneck/BottleneckRules.h"

#include "rules/bottleneck/BlockingUnderLockRule.h"
#include "rules/bottleneck/ExclusiveLockInReaderRule.h"
#include "rules/bottleneck/LockWithoutStateRule.h"

namespace threadlint::bottleneck {

void addRules(std::vector<RuleEntry> &rules) {
  rules.push_back(makeRuleEntry<BlockingUnderLockRule>());
  rules.push_back(makeRuleEntry<ExclusiveLockInReaderRule>());
  rules.push_back(makeRuleEntry<LockWithoutStateRule>());
}

} // namespace threadlint::bottleneck
