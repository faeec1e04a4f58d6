#include "rules/async/AsyncRules.h"

#include "rules/async/AsyncLaunchPolicyRule.h"
#include "rules/async/DetachedThreadRule.h"
#include "rules/async/DiscardedAsyncRule.h"
#include "rules/async/ExceptionEscapesThreadRule.h"
#include "rules/async/ThreadPerTaskRule.h"
#include "rules/async/UnboundedRestartLoopRule.h"
#include "rules/async/UnjoinedThreadMemberRule.h"

namespace threadlint::async {

void addRules(std::vector<RuleEntry> &rules) {
  rules.push_back(makeRuleEntry<AsyncLaunchPolicyRule>());
  rules.push_back(makeRuleEntry<DetachedThreadRule>());
  rules.push_back(makeRuleEntry<DiscardedAsyncRule>());
  rules.push_back(makeRuleEntry<ExceptionEscapesThreadRule>());
  rules.push_back(makeRuleEntry<ThreadPerTaskRule>());
  rules.push_back(makeRuleEntry<UnboundedRestartLoopRule>());
  rules.push_back(makeRuleEntry<UnjoinedThreadMemberRule>());
}

} // namespace threadlint::async
