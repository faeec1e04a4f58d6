// The rule table: the single list of rules that `--list-checks`, the docs
// index, the clang-tidy plugin and the editor server all read.
#pragma once

#include "engine/Rule.h"

#include <vector>

namespace threadlint {

const std::vector<RuleEntry> &allRules();
const RuleEntry *findRule(llvm::StringRef id);

/// Appends rules that only a test build has (one that crashes, one that
/// hangs: tests/cli/TestOnlyRules.cpp). Not defined by the engine: each
/// executable links exactly one definition, and every shipped one links
/// src/shipped/NoTestOnlyRules.cpp, which adds nothing.
void addTestOnlyRules(std::vector<RuleEntry> &table);

} // namespace threadlint
