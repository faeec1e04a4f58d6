// The shipped CLI, plugin and tests link this: no test-only rules.
#include "engine/RuleTable.h"

namespace threadlint {

void addTestOnlyRules(std::vector<RuleEntry> &) {}

} // namespace threadlint
