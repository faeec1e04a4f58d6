// Fix-its outside an editor: applied in place (--fix) or exported as
// clang-tidy's YAML for clang-apply-replacements (--export-fixes).
#pragma once

#include "engine/Report.h"

#include "llvm/Support/Error.h"

#include <string>

namespace threadlint::cli {

struct FixOutcome {
  unsigned applied = 0;     ///< findings whose fix-its were applied
  unsigned conflicting = 0; ///< findings skipped: their edits overlap an applied one
  std::vector<std::pair<std::string, unsigned>> files; ///< file, edits made
};

/// Applies each finding's fix-its as a unit, skipping a finding whose edits
/// overlap ones already taken; every file is rewritten atomically.
llvm::Expected<FixOutcome> applyFixes(const ScanReport &report);

/// Writes clang-tidy's `--export-fixes` YAML: a `MainSourceFile` and the
/// findings with their replacements.
llvm::Error exportFixes(const ScanReport &report, const std::string &path,
                        const std::string &mainSourceFile, const std::string &buildDirectory);

} // namespace threadlint::cli
