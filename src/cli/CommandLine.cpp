#include "cli/CommandLine.h"

#include "threadlint/Version.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

namespace threadlint::cli {
namespace cl = llvm::cl;

namespace {

constexpr const char *Overview = R"(threadlint: a linter for C++ concurrency designs.

Reviews threads, locks, futures and queues the way an OTP design guide reviews
processes: serialized bottlenecks, unsupervised work, dynamically created
names, missing timeouts and back-pressure.

  threadlint [options] [files...] [-- compiler arguments]
  threadlint lsp        a language server for editors (docs/editors.md)

With no files, every file in the compilation database is scanned. Files
are compiled with the command from `-p <build dir>`'s compile_commands.json,
or with the compiler arguments after `--`.

Exit codes: 0 no findings, 1 findings, 2 usage or configuration error,
3 a file failed to parse (the report still holds everything else).
)";

std::optional<ReportRequest> parseReport(llvm::StringRef text) {
  auto [format, path] = text.split(':');
  if (path.empty())
    return std::nullopt;
  if (format == "json")
    return ReportRequest{OutputFormat::Json, path.str()};
  if (format == "text")
    return ReportRequest{OutputFormat::Text, path.str()};
  if (format == "sarif")
    return ReportRequest{OutputFormat::Sarif, path.str()};
  if (format == "design-json")
    return ReportRequest{OutputFormat::DesignJson, path.str()};
  if (format == "design-md")
    return ReportRequest{OutputFormat::DesignMarkdown, path.str()};
  if (format == "html")
    return ReportRequest{OutputFormat::Html, path.str()};
  return std::nullopt;
}

} // namespace

bool isDesignFormat(OutputFormat format) {
  return format == OutputFormat::DesignJson || format == OutputFormat::DesignMarkdown ||
         format == OutputFormat::Html;
}

std::optional<CommandLine> parseCommandLine(int argc, const char **argv) {
  // llvm::cl keeps pointers to every option and category for the life of the
  // process (clang re-parses -mllvm flags through the same registry), so they
  // are function-local statics rather than locals.
  static cl::OptionCategory category("threadlint options");

  static cl::list<std::string> files(cl::Positional, cl::desc("[<file> ...]"), cl::cat(category));
  static cl::opt<std::string> buildPath(
      "p", cl::desc("Build directory holding compile_commands.json (or the file itself)"),
      cl::value_desc("build-path"), cl::cat(category));
  static cl::opt<std::string> checks(
      "checks",
      cl::desc("Comma-separated check globs, clang-tidy syntax (`-` removes); appended to the\n"
               "`Checks:` of .clang-tidy files. Default: threadlint-*"),
      cl::cat(category));
  static cl::opt<std::string> config(
      "config",
      cl::desc("Configuration as YAML, like clang-tidy's --config (replaces .clang-tidy files)"),
      cl::cat(category));
  static cl::opt<std::string> configFile(
      "config-file", cl::desc("Read the configuration from this file instead of .clang-tidy files"),
      cl::value_desc("path"), cl::cat(category));
  static cl::opt<OutputFormat> format(
      "format", cl::desc("Output format"), cl::init(OutputFormat::Text),
      cl::values(clEnumValN(OutputFormat::Text, "text", "clang-style diagnostics (default)"),
                 clEnumValN(OutputFormat::Json, "json", "the JSON report"),
                 clEnumValN(OutputFormat::Sarif, "sarif", "SARIF 2.1.0, for code scanning")),
      cl::cat(category));
  static cl::opt<std::string> output(
      "output", cl::desc("Write the --format output to this file (atomically) instead of stdout"),
      cl::value_desc("file"), cl::cat(category));
  static cl::list<std::string> reports(
      "report",
      cl::desc("Also write a report: FORMAT:FILE with FORMAT json, sarif or text; may repeat"),
      cl::value_desc("format:file"), cl::cat(category));
  static cl::opt<std::string> headerFilter(
      "header-filter",
      cl::desc("Regex: headers whose path matches are reported (default: none, as in\n"
               "clang-tidy; overrides HeaderFilterRegex). The main file is always reported."),
      cl::cat(category));
  static cl::opt<std::string> excludeHeaderFilter(
      "exclude-header-filter",
      cl::desc("Regex: headers whose path matches are not reported, even when the\n"
               "header filter matches them (clang-tidy's ExcludeHeaderFilterRegex)"),
      cl::cat(category));
  static cl::opt<bool> systemHeaders(
      "system-headers", cl::desc("Also report findings in system headers that the header\n"
                                 "filter matches (clang-tidy's SystemHeaders)"),
      cl::cat(category));
  static cl::opt<std::string> warningsAsErrors(
      "warnings-as-errors",
      cl::desc("Check globs whose findings are errors; appended to the WarningsAsErrors\n"
               "of .clang-tidy files, as in clang-tidy"),
      cl::cat(category));
  static cl::opt<bool> useColor(
      "use-color", cl::desc("Colour the text output (default: when writing to a terminal);\n"
                            "--use-color=false turns it off"),
      cl::cat(category));
  static cl::opt<bool> dumpConfig(
      "dump-config",
      cl::desc("Print the configuration that applies to the first file (or the current\n"
               "directory) as YAML, as clang-tidy --dump-config does, and exit"),
      cl::cat(category));
  static cl::list<std::string> extraArgs("extra-arg", cl::desc("Append this compiler argument"),
                                  cl::cat(category));
  static cl::list<std::string> extraArgsBefore(
      "extra-arg-before", cl::desc("Prepend this compiler argument"), cl::cat(category));
  static cl::opt<bool> listChecks("list-checks", cl::desc("List the enabled checks and exit"),
                           cl::cat(category));
  static cl::opt<std::string> explain("explain", cl::desc("Print a check's documentation and exit"),
                               cl::value_desc("check"), cl::cat(category));
  static cl::opt<bool> quiet("quiet", cl::desc("Do not print the summary line on stderr"),
                      cl::cat(category));
  static cl::opt<std::string> sourceRoot(
      "source-root",
      cl::desc("Directory SARIF artifact URIs are relative to (%SRCROOT%), and baseline\n"
               "entries are matched by. Default: the top of the git work tree holding the\n"
               "build directory (or the scanned files), else the build directory"),
      cl::value_desc("dir"), cl::cat(category));
  static cl::opt<std::string> baseline(
      "baseline",
      cl::desc("A JSON report of an earlier run: findings already in it are not reported\n"
               "(matched by check, file and a fingerprint of the code, not the line)"),
      cl::value_desc("report.json"), cl::cat(category));
  static cl::opt<std::string> changedSince(
      "changed-since",
      cl::desc("Report only findings on lines this branch changed: the working tree\n"
               "against the merge base of <rev> and HEAD (untracked files count as changed)"),
      cl::value_desc("rev"), cl::cat(category));
  static cl::opt<std::string> lineFilter(
      "line-filter",
      cl::desc("Report only findings on these lines, clang-tidy's JSON syntax:\n"
               "[{\"name\":\"file.cpp\",\"lines\":[[1,3],[5,7]]},{\"name\":\"other.h\"}]"),
      cl::cat(category));
  static cl::opt<bool> fix("fix", cl::desc("Apply the non-conflicting fix-its in place"),
                           cl::cat(category));
  static cl::opt<std::string> exportFixes(
      "export-fixes",
      cl::desc("Write the fix-its as clang-tidy's YAML, for clang-apply-replacements"),
      cl::value_desc("file.yaml"), cl::cat(category));
  static cl::opt<FailOn> failOn(
      "fail-on", cl::desc("Which findings make the exit code 1"), cl::init(FailOn::Warning),
      cl::values(clEnumValN(FailOn::Warning, "warning", "any finding (default)"),
                 clEnumValN(FailOn::Error, "error", "findings of severity error only"),
                 clEnumValN(FailOn::None, "none", "never: exit 0 whatever is found")),
      cl::cat(category));
  static cl::opt<unsigned> jobs(
      "j", cl::desc("Files analysed in parallel (default: one per core); the output does not\n"
                    "depend on it"),
      cl::value_desc("N"), cl::init(0), cl::Prefix, cl::cat(category));
  static cl::opt<std::string> cacheDir(
      "cache-dir",
      cl::desc("Where results are cached (default: $XDG_CACHE_HOME/threadlint or\n"
               "~/.cache/threadlint); an unchanged file is not parsed again"),
      cl::value_desc("dir"), cl::cat(category));
  static cl::opt<bool> noCache("no-cache", cl::desc("Neither read nor write the result cache"),
                               cl::cat(category));
  static cl::opt<std::string> shard(
      "shard",
      cl::desc("Scan only shard K of N (1-based) of the files, balanced by size, for CI\n"
               "machines that split a scan; join the JSON reports with `threadlint merge`"),
      cl::value_desc("K/N"), cl::cat(category));
  static cl::opt<unsigned> fileTimeout(
      "file-timeout",
      cl::desc("Give up on a file whose analysis takes longer than this many seconds\n"
               "(listed under errors, exit code 3); 0, the default, means no limit"),
      cl::value_desc("seconds"), cl::init(0), cl::cat(category));
  static cl::opt<bool> noProgress("no-progress",
                                  cl::desc("No progress line, even on a terminal"),
                                  cl::cat(category));

  cl::HideUnrelatedOptions(category);
  cl::SetVersionPrinter([](llvm::raw_ostream &out) {
    out << "threadlint " << THREADLINT_VERSION << " (LLVM " << THREADLINT_LLVM_VERSION << ")\n";
  });

  std::string errors;
  llvm::raw_string_ostream errorStream(errors);
  if (!cl::ParseCommandLineOptions(argc, argv, Overview, &errorStream)) {
    errorStream.flush();
    // llvm::cl words its errors as "<program>: <message>", over one or more
    // lines; the first line that says something is the reason.
    llvm::StringRef reason;
    for (llvm::StringRef line : llvm::split(llvm::StringRef(errors), '\n')) {
      line = line.trim();
      if (line.consume_front(argv[0]) || line.consume_front("threadlint"))
        line = line.ltrim(": ").trim();
      if (!line.empty()) {
        reason = line;
        break;
      }
    }
    if (reason.empty())
      reason = "invalid command line";
    llvm::errs() << "threadlint: error: " << reason << " (see 'threadlint --help')\n";
    return std::nullopt;
  }

  CommandLine result;
  result.files.assign(files.begin(), files.end());
  result.buildPath = buildPath;
  result.checks = checks;
  if (config.getNumOccurrences())
    result.config = config;
  if (configFile.getNumOccurrences())
    result.configFile = configFile;
  result.format = format;
  if (output.getNumOccurrences())
    result.output = output;
  for (const std::string &report : reports) {
    std::optional<ReportRequest> request = parseReport(report);
    if (!request) {
      llvm::errs() << "threadlint: error: --report expects FORMAT:FILE with FORMAT json, "
                      "sarif, text, design-json, design-md or html, got '"
                   << report << "'\n";
      return std::nullopt;
    }
    result.reports.push_back(*request);
  }
  if (headerFilter.getNumOccurrences())
    result.headerFilter = headerFilter;
  if (excludeHeaderFilter.getNumOccurrences())
    result.excludeHeaderFilter = excludeHeaderFilter;
  if (systemHeaders.getNumOccurrences())
    result.systemHeaders = systemHeaders;
  if (warningsAsErrors.getNumOccurrences())
    result.warningsAsErrors = warningsAsErrors;
  if (useColor.getNumOccurrences())
    result.useColor = useColor;
  result.dumpConfig = dumpConfig;
  result.extraArgs.assign(extraArgs.begin(), extraArgs.end());
  result.extraArgsBefore.assign(extraArgsBefore.begin(), extraArgsBefore.end());
  result.listChecks = listChecks;
  if (explain.getNumOccurrences())
    result.explain = explain;
  result.quiet = quiet;
  if (sourceRoot.getNumOccurrences())
    result.sourceRoot = sourceRoot;
  if (baseline.getNumOccurrences())
    result.baseline = baseline;
  if (changedSince.getNumOccurrences())
    result.changedSince = changedSince;
  if (lineFilter.getNumOccurrences())
    result.lineFilter = lineFilter;
  result.fix = fix;
  if (exportFixes.getNumOccurrences())
    result.exportFixes = exportFixes;
  result.failOn = failOn;
  result.jobs = jobs;
  if (cacheDir.getNumOccurrences())
    result.cacheDir = cacheDir;
  result.noCache = noCache;
  result.progress = !noProgress;
  result.fileTimeoutSeconds = fileTimeout;
  if (shard.getNumOccurrences()) {
    auto [indexText, countText] = llvm::StringRef(shard).split('/');
    unsigned index = 0, count = 0;
    if (indexText.getAsInteger(10, index) || countText.getAsInteger(10, count) || count == 0 ||
        index == 0 || index > count) {
      llvm::errs() << "threadlint: error: --shard expects K/N with 1 <= K <= N, got '" << shard
                   << "'\n";
      return std::nullopt;
    }
    result.shard = std::make_pair(index, count);
  }
  return result;
}

} // namespace threadlint::cli
