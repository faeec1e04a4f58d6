#include "rules/timeouts/TimeoutsRules.h"

#include "rules/timeouts/ThreadStartedInConstructorRule.h"
#include "rules/timeouts/UnboundedQueueRule.h"
#include "rules/timeouts/UntimedConditionWaitRule.h"
#include "rules/timeouts/UntimedWaitRule.h"
#include "rules/timeouts/WaitWithoutPredicateRule.h"

namespace threadlint::timeouts {

void addRules(std::vector<RuleEntry> &rules) {
  rules.push_back(makeRuleEntry<ThreadStartedInConstructorRule>());
  rules.push_back(makeRuleEntry<UnboundedQueueRule>());
  rules.push_back(makeRuleEntry<UntimedConditionWaitRule>());
  rules.push_back(makeRuleEntry<UntimedWaitRule>());
  rules.push_back(makeRuleEntry<WaitWithoutPredicateRule>());
}

} // namespace threadlint::timeouts
