#include "rules/names/NamesRules.h"

#include "rules/names/PerKeyMutexRule.h"
#include "rules/names/RuntimeNamedIpcRule.h"
#include "rules/names/UnboundedNameRegistryRule.h"

namespace threadlint::names {

void addRules(std::vector<RuleEntry> &rules) {
  rules.push_back(makeRuleEntry<PerKeyMutexRule>());
  rules.push_back(makeRuleEntry<RuntimeNamedIpcRule>());
  rules.push_back(makeRuleEntry<UnboundedNameRegistryRule>());
}

} // namespace threadlint::names
