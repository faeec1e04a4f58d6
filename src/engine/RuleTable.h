// The rule table: the single list of rules that `--list-checks`, the docs
// index, the clang-tidy plugin and the editor server all read.
#pragma once

#include "engine/Rule.h"

#include <vector>

namespace threadlint {

const std::vector<RuleEntry> &allRules();
const RuleEntry *findRule(llvm::StringRef id);

} // namespace threadlint
