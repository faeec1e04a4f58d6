#pragma once

#include "engine/Rule.h"

#include <vector>

namespace threadlint::names {

/// The `names` family: names and keys created at run time without bound.
void addRules(std::vector<RuleEntry> &rules);

} // namespace threadlint::names
