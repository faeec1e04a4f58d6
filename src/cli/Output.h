// Writing what a scan or a merge produced: the formats, atomic files, and the
// exit code the failing policy gives.
#pragma once

#include "cli/CommandLine.h"

#include "engine/Report.h"
#include "engine/Sarif.h"

#include <nlohmann/json.hpp>

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

namespace threadlint::cli {

struct Rendering {
  SarifOptions sarif;
  /// The design report (DesignReport.h), built when a design format is asked for.
  const nlohmann::ordered_json *design = nullptr;
};

/// CI jobs name reports under directories that do not exist yet.
llvm::Error createParentDirectories(llvm::StringRef path);

llvm::Error writeReport(OutputFormat format, const ScanReport &report, llvm::raw_ostream &out,
                        bool colors, const Rendering &rendering);

/// Written to a temporary file and renamed, so a reader never sees half.
llvm::Error writeReportFile(OutputFormat format, const ScanReport &report, llvm::StringRef path,
                            const Rendering &rendering);

int exitCodeFor(const ScanReport &report, FailOn failOn);

} // namespace threadlint::cli
