// What a scan produced, and its two classic renderings: clang-style text and
// the JSON report documented in docs/report-format.md.
#pragma once

#include "engine/Diagnostic.h"

#include <nlohmann/json_fwd.hpp>

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
  unsigned filesScanned = 0;
};

nlohmann::ordered_json toJson(const ScanReport &report);

/// `file:line:col: warning: message [check]`, the source line and a caret,
/// then the notes; coloured when `colors` is set.
void printText(llvm::raw_ostream &out, const ScanReport &report, bool colors);

} // namespace threadlint
