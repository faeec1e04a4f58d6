// Runs the engine over files from a compilation database: a bounded pool of
// workers, each file analysed on its own, results merged in file order so the
// output does not depend on the number of workers.
#pragma once

#include "cli/Cache.h"

#include "engine/Analysis.h"
#include "engine/Report.h"

#include "clang/Tooling/CompilationDatabase.h"

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace threadlint::cli {

/// How a notice about compiler options clang does not know begins; the
/// options follow, separated by spaces.
inline constexpr llvm::StringLiteral DroppedOptionsNotice =
    "left out compiler options clang does not know: ";

struct ScanJob {
  const clang::tooling::CompilationDatabase *database = nullptr;
  std::vector<std::string> files;
  ConfigurationProvider *configurations = nullptr;
  ReportingPolicy policy;
  std::string resourceDir;
  std::vector<std::string> extraArgs;
  std::vector<std::string> extraArgsBefore;
  unsigned jobs = 1;                    ///< workers; 0 means one per core
  const ResultCache *cache = nullptr;   ///< none: analyse everything
  std::chrono::seconds fileTimeout{0};  ///< 0: no limit
  /// Called after each file (from the worker that finished it, serialized).
  std::function<void(unsigned done, unsigned total, const std::string &file)> progress;
};

/// Analyses each file; a file that does not parse goes under `errors` and
/// the rest are still scanned. Fails only on a configuration error.
llvm::Expected<ScanReport> scan(const ScanJob &job);

/// Splits `files` into `count` shards balanced by file size (largest first,
/// each to the lightest shard; ties by path) and returns shard `index`
/// (1-based), in the original order. Deterministic for the same files.
std::vector<std::string> shardOf(const std::vector<std::string> &files, unsigned index,
                                 unsigned count);

} // namespace threadlint::cli
