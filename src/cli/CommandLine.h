// The threadlint command line, parsed with LLVM's CommandLine library into a
// plain struct the rest of the CLI reads.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace threadlint::cli {

/// The last three exist only as --report formats: the design report
/// (docs/design-report.md) as JSON, Markdown and one HTML page.
enum class OutputFormat { Text, Json, Sarif, DesignJson, DesignMarkdown, Html };

/// Whether `format` is one of the design report's.
bool isDesignFormat(OutputFormat format);

/// Which findings make the exit code 1.
enum class FailOn { Warning, Error, None };

struct ReportRequest {
  OutputFormat format;
  std::string path;
};

struct CommandLine {
  std::vector<std::string> files;
  std::string buildPath;
  std::string checks;
  std::optional<std::string> config;
  std::optional<std::string> configFile;
  OutputFormat format = OutputFormat::Text;
  std::optional<std::string> output;
  std::vector<ReportRequest> reports;
  std::optional<std::string> headerFilter;
  std::optional<std::string> excludeHeaderFilter;
  std::optional<bool> systemHeaders;
  std::optional<std::string> warningsAsErrors;
  std::optional<bool> useColor;
  bool dumpConfig = false;
  std::vector<std::string> extraArgs;
  std::vector<std::string> extraArgsBefore;
  bool listChecks = false;
  std::optional<std::string> explain;
  bool quiet = false;
  std::optional<std::string> sourceRoot;
  std::optional<std::string> baseline;
  std::optional<std::string> changedSince;
  std::optional<std::string> lineFilter;
  bool fix = false;
  std::optional<std::string> exportFixes;
  FailOn failOn = FailOn::Warning;
  unsigned jobs = 0; ///< 0: one per core
  std::optional<std::string> cacheDir;
  bool noCache = false;
  std::optional<std::pair<unsigned, unsigned>> shard; ///< K of N, 1-based
  bool progress = true; ///< on a terminal only
  unsigned fileTimeoutSeconds = 0; ///< 0: no limit
};

/// Exit codes, documented in the README.
enum ExitCode : int {
  NoFindings = 0,
  Findings = 1,
  UsageError = 2,
  ParseFailure = 3,
};

/// Parses everything before `--` (the caller has taken the compiler
/// arguments after it). Returns nothing after printing a one-line reason.
std::optional<CommandLine> parseCommandLine(int argc, const char **argv);

} // namespace threadlint::cli
