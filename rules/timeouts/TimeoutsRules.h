#pragma once

#include "engine/Rule.h"

#include <vector>

namespace threadlint::timeouts {

/// The `timeouts` family: missing deadlines and back-pressure.
void addRules(std::vector<RuleEntry> &rules);

} // namespace threadlint::timeouts
