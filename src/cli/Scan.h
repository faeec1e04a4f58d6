// Runs the engine over files from a compilation database.
#pragma once

#include "engine/Analysis.h"
#include "engine/Report.h"

#include "clang/Tooling/CompilationDatabase.h"

#include <memory>
#include <string>
#include <vector>

namespace threadlint::cli {

struct ScanJob {
  const clang::tooling::CompilationDatabase *database = nullptr;
  std::vector<std::string> files;
  ConfigurationProvider *configurations = nullptr;
  ReportingPolicy policy;
  std::string resourceDir;
  std::vector<std::string> extraArgs;
  std::vector<std::string> extraArgsBefore;
};

/// Analyses each file; a file that does not parse goes under `errors` and
/// the rest are still scanned. Fails only on a configuration error.
llvm::Expected<ScanReport> scan(const ScanJob &job);

} // namespace threadlint::cli
