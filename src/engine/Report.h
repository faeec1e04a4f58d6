// What a scan produced, and its two classic renderings: clang-style text and
// the JSON report documented in docs/report-format.md.
#pragma once

#include "engine/Diagnostic.h"

#include "llvm/Support/Error.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
}

namespace threadlint {

struct FileError {
  std::string file;
  std::string message;
};

struct ScanReport {
  std::vector<Diagnostic> diagnostics; ///< sorted, de-duplicated
  std::vector<FileError> errors;
  /// What a scan adjusted without failing a file: compiler options clang
  /// does not know that were left out of its command. Sorted by file.
  std::vector<FileError> notices;
  unsigned filesScanned = 0;
  std::vector<std::string> checks; ///< every check enabled for some file, sorted
  std::string sourceRoot;          ///< what relative paths (baselines, SARIF) are relative to
  unsigned baselined = 0;          ///< findings dropped because the baseline has them
  unsigned staleBaseline = 0;      ///< baseline entries no scanned file produces any more
  unsigned outsideChangedLines = 0; ///< findings dropped by --changed-since/--line-filter
  unsigned cacheHits = 0;          ///< files whose results came from the cache (not in JSON)
  unsigned cacheMisses = 0;
  bool cacheUsed = false;
  /// Analyses that crashed, or ran past --file-timeout and did not stop when
  /// asked: their state is abandoned (threads may still run), so the process
  /// ends without destroying it.
  unsigned abandonedAnalyses = 0;
  /// Each scanned file's design inventory (Design.h), when the scan collected
  /// them; not part of the JSON report.
  std::vector<nlohmann::json> designInventories;
};

nlohmann::ordered_json toJson(const ScanReport &report);

/// One finding as the JSON report writes it, and back (for caches and merges).
nlohmann::ordered_json diagnosticToJson(const Diagnostic &diagnostic);
Diagnostic diagnosticFromJson(const nlohmann::json &object);

/// Reads a JSON report back (for --baseline and merge). Rejects input over
/// `maxBytes` and anything that is not shaped like docs/report.schema.json.
llvm::Expected<ScanReport> readJsonReport(llvm::StringRef text,
                                          std::size_t maxBytes = 256u << 20);

/// The one-line summary printed on stderr after a scan.
std::string summaryLine(const ScanReport &report);

/// `file:line:col: warning: message [check]`, the source line and a caret,
/// then the notes; coloured when `colors` is set.
void printText(llvm::raw_ostream &out, const ScanReport &report, bool colors);

} // namespace threadlint
