// Baselines: adopt threadlint on a large codebase without fixing everything
// first. Findings already in an earlier JSON report are left out.
#pragma once

#include "engine/Report.h"

#include "llvm/Support/Error.h"

#include <set>
#include <string>

namespace threadlint::cli {

/// Reads a baseline report; a clear error when it cannot.
llvm::Expected<ScanReport> readBaseline(const std::string &path);

/// Drops from `report` the findings `baseline` has, matched by check, file
/// (relative to each report's source root, so a baseline written in another
/// checkout still matches) and fingerprint, counting each baseline entry
/// once. Baseline entries left unmatched in `scannedFiles` (or anywhere, when
/// that is empty: a whole-database scan) count as stale.
void applyBaseline(ScanReport &report, const ScanReport &baseline, const std::string &sourceRoot,
                   const std::set<std::string> &scannedFiles);

} // namespace threadlint::cli
