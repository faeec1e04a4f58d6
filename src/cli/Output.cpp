#include "cli/Output.h"

#include "engine/DesignReport.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <nlohmann/json.hpp>

namespace threadlint::cli {

llvm::Error createParentDirectories(llvm::StringRef path) {
  llvm::StringRef parent = llvm::sys::path::parent_path(path);
  if (parent.empty())
    return llvm::Error::success();
  if (std::error_code error = llvm::sys::fs::create_directories(parent))
    return llvm::createStringError(error, "cannot create directory '%s': %s",
                                   parent.str().c_str(), error.message().c_str());
  return llvm::Error::success();
}

llvm::Error writeReport(OutputFormat format, const ScanReport &report, llvm::raw_ostream &out,
                        bool colors, const Rendering &rendering) {
  switch (format) {
  case OutputFormat::Json:
    // Paths need not be UTF-8; JSON must be: invalid bytes become U+FFFD.
    out << toJson(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    break;
  case OutputFormat::Sarif:
    out << toSarif(report, rendering.sarif)
               .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
        << "\n";
    break;
  case OutputFormat::Text:
    printText(out, report, colors);
    break;
  case OutputFormat::DesignJson:
  case OutputFormat::DesignMarkdown:
  case OutputFormat::Html:
    if (!rendering.design)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "the design report is only written by a scan");
    if (format == OutputFormat::DesignJson)
      out << rendering.design->dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
          << "\n";
    else if (format == OutputFormat::DesignMarkdown)
      out << renderDesignMarkdown(*rendering.design);
    else
      out << renderDesignHtml(*rendering.design, report);
    break;
  }
  return llvm::Error::success();
}

llvm::Error writeReportFile(OutputFormat format, const ScanReport &report, llvm::StringRef path,
                            const Rendering &rendering) {
  if (llvm::Error error = createParentDirectories(path))
    return error;
  return llvm::writeToOutput(path, [&](llvm::raw_ostream &out) {
    return writeReport(format, report, out, /*colors=*/false, rendering);
  });
}

int exitCodeFor(const ScanReport &report, FailOn failOn) {
  if (!report.errors.empty())
    return ParseFailure;
  switch (failOn) {
  case FailOn::None:
    return NoFindings;
  case FailOn::Error:
    return llvm::any_of(report.diagnostics,
                        [](const Diagnostic &d) { return d.severity == Severity::Error; })
               ? Findings
               : NoFindings;
  case FailOn::Warning:
    break;
  }
  return llvm::any_of(report.diagnostics,
                      [](const Diagnostic &d) { return d.severity != Severity::Note; })
             ? Findings
             : NoFindings;
}

} // namespace threadlint::cli
