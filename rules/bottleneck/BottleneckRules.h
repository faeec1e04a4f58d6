#pragma once

#include "engine/Rule.h"

#include <vector>

namespace threadlint::bottleneck {

/// The `bottleneck` family: serialized-actor bottlenecks.
void addRules(std::vector<RuleEntry> &rules);

} // namespace threadlint::bottleneck
