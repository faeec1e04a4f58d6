#pragma once

#include "engine/Rule.h"

#include <vector>

namespace threadlint::async {

/// The `async` family: unlinked and unsupervised work.
void addRules(std::vector<RuleEntry> &rules);

} // namespace threadlint::async
