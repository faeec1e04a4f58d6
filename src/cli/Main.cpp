#include "cli/Baseline.h"
#include "cli/CommandLine.h"
#include "cli/Fixes.h"
#include "cli/LineFilter.h"
#include "cli/Merge.h"
#include "cli/Output.h"
#include "cli/Scan.h"
#include "lsp/Server.h"

#include "engine/Config.h"
#include "engine/DesignReport.h"
#include "engine/InputFiles.h"
#include "engine/RuleDocs.h"
#include "engine/Paths.h"
#include "engine/RuleTable.h"
#include "engine/Sarif.h"
#include "engine/Toolchain.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <unistd.h>

namespace threadlint::cli {
namespace {

int usageError(const llvm::Twine &message) {
  llvm::errs() << "threadlint: error: " << message << "\n";
  return UsageError;
}

std::string firstLine(llvm::StringRef text) { return text.trim().split('\n').first.str(); }

/// clang's own search reads the nearest compile_commands.json whole; this
/// finds the same file first and refuses one over the limit.
llvm::Error checkNearestDatabaseSize(llvm::StringRef start) {
  for (llvm::StringRef directory = start; !directory.empty();
       directory = llvm::sys::path::parent_path(directory)) {
    llvm::SmallString<256> candidate(directory);
    llvm::sys::path::append(candidate, "compile_commands.json");
    llvm::sys::fs::file_status status;
    if (llvm::sys::fs::status(candidate, status))
      continue;
    if (status.getSize() > input_limits::DatabaseBytes ||
        status.type() != llvm::sys::fs::file_type::regular_file) {
      llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> contents =
          readBoundedFile(candidate, input_limits::DatabaseBytes, "a compilation database",
                          Streams::Refused);
      if (!contents)
        return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                       "cannot read compilation database '%s': %s",
                                       candidate.c_str(),
                                       llvm::toString(contents.takeError()).c_str());
    }
    return llvm::Error::success();
  }
  return llvm::Error::success();
}

/// The database a scan compiles with: the arguments after `--`, `-p`, or the
/// nearest compile_commands.json above the first file or the current directory.
llvm::Expected<std::unique_ptr<clang::tooling::CompilationDatabase>>
loadDatabase(const CommandLine &commandLine,
             std::unique_ptr<clang::tooling::CompilationDatabase> fixed) {
  using namespace clang::tooling;
  if (fixed)
    return std::unique_ptr<clang::tooling::CompilationDatabase>(std::move(fixed));
  std::string error;
  std::unique_ptr<CompilationDatabase> database;
  if (!commandLine.buildPath.empty()) {
    llvm::SmallString<256> path(commandLine.buildPath);
    if (llvm::sys::fs::is_directory(path))
      llvm::sys::path::append(path, "compile_commands.json");
    if (!llvm::sys::fs::exists(path))
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "no compilation database: '%s' does not exist",
                                     path.c_str());
    llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> contents =
        readBoundedFile(path, input_limits::DatabaseBytes, "a compilation database");
    if (!contents)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "cannot read compilation database '%s': %s", path.c_str(),
                                     llvm::toString(contents.takeError()).c_str());
    database = JSONCompilationDatabase::loadFromBuffer((*contents)->getBuffer(), error,
                                                       JSONCommandLineSyntax::AutoDetect);
    if (!database)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "malformed compilation database '%s': %s", path.c_str(),
                                     firstLine(error).c_str());
  } else {
    llvm::SmallString<256> start(
        absolutePath(commandLine.files.empty() ? "." : commandLine.files.front()));
    if (llvm::Error tooLarge = checkNearestDatabaseSize(start))
      return tooLarge;
    database = commandLine.files.empty()
                   ? CompilationDatabase::autoDetectFromDirectory(start, error)
                   : CompilationDatabase::autoDetectFromSource(start, error);
    if (!database)
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "no compilation database found above '%s' (pass -p <build dir>, or compiler "
          "arguments after --): %s",
          start.c_str(), firstLine(error).c_str());
  }
  return inferMissingCompileCommands(std::move(database));
}

std::string currentDirectory() { return absolutePath("."); }

/// Where report paths are relative to when --source-root is not given: the
/// top of the git work tree holding the build directory (or the first file),
/// else the build directory itself; never the current directory, so a
/// report does not depend on where the command ran.
std::string defaultSourceRoot(const CommandLine &commandLine,
                              const std::vector<std::string> &files) {
  auto gitTopAbove = [](llvm::StringRef start) -> std::optional<std::string> {
    for (llvm::StringRef directory = start; !directory.empty();
         directory = llvm::sys::path::parent_path(directory)) {
      llvm::SmallString<256> git(directory);
      llvm::sys::path::append(git, ".git"); // a directory, or a file in a worktree
      if (llvm::sys::fs::exists(git))
        return directory.str();
    }
    return std::nullopt;
  };
  llvm::SmallString<256> start;
  if (!commandLine.buildPath.empty()) {
    start = absolutePath(commandLine.buildPath);
    if (!llvm::sys::fs::is_directory(start))
      start = llvm::sys::path::parent_path(start);
  } else if (!commandLine.files.empty()) {
    start = llvm::sys::path::parent_path(absolutePath(commandLine.files.front()));
  } else {
    start = currentDirectory();
  }
  if (std::optional<std::string> top = gitTopAbove(start))
    return *top;
  // A build directory outside the work tree: the repository of the sources.
  if (!files.empty())
    if (std::optional<std::string> top = gitTopAbove(llvm::sys::path::parent_path(files.front())))
      return *top;
  if (commandLine.buildPath.empty())
    for (llvm::StringRef directory = start; !directory.empty();
         directory = llvm::sys::path::parent_path(directory)) {
      llvm::SmallString<256> database(directory);
      llvm::sys::path::append(database, "compile_commands.json");
      if (llvm::sys::fs::exists(database))
        return directory.str();
    }
  return start.str().str();
}

/// One line for the options every file had left out, rather than one per
/// file (the JSON report lists them per file).
void printNotices(const ScanReport &report) {
  std::set<std::string> dropped;
  unsigned filesWithDropped = 0;
  for (const FileError &notice : report.notices) {
    llvm::StringRef message = notice.message;
    if (!message.consume_front(DroppedOptionsNotice))
      continue;
    ++filesWithDropped;
    llvm::SmallVector<llvm::StringRef, 8> each;
    message.split(each, ' ', -1, /*KeepEmpty=*/false);
    for (llvm::StringRef option : each)
      dropped.insert(option.str());
  }
  if (!dropped.empty()) {
    llvm::errs() << "threadlint: note: left out compiler options clang does not know (" << filesWithDropped
                 << " file" << (filesWithDropped == 1 ? "" : "s") << "):";
    for (const std::string &option : dropped)
      llvm::errs() << " " << option;
    llvm::errs() << "\n";
  }
}

/// `[12/340] src/engine/Locks.cpp, 1m05s left` on one rewritten line of a
/// terminal; nothing on a pipe, in CI, or with --quiet.
class ProgressLine {
public:
  static bool wanted() {
    return llvm::errs().is_displayed() && !llvm::sys::Process::GetEnv("CI") &&
           llvm::sys::Process::GetEnv("TERM").value_or("dumb") != "dumb";
  }

  void update(unsigned done, unsigned total, const std::string &file) {
    if (total < 2)
      return;
    auto elapsed = std::chrono::steady_clock::now() - start_;
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(elapsed * (total - done) /
                                                                     done)
                       .count();
    std::string line = "[" + std::to_string(done) + "/" + std::to_string(total) + "] " +
                       llvm::sys::path::filename(file).str() + ", " +
                       (seconds >= 60 ? std::to_string(seconds / 60) + "m" : std::string()) +
                       std::to_string(seconds % 60) + "s left";
    llvm::errs() << "\r" << line << std::string(width_ > line.size() ? width_ - line.size() : 0, ' ');
    width_ = line.size();
    llvm::errs().flush();
  }

  void clear() {
    if (width_ > 0)
      llvm::errs() << "\r" << std::string(width_, ' ') << "\r";
    llvm::errs().flush();
  }

private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::size_t width_ = 0;
};

int listChecks(ConfigurationProvider &configurations, const CommandLine &commandLine) {
  std::string probe = commandLine.files.empty() ? "threadlint-list-checks.cpp"
                                                : commandLine.files.front();
  llvm::Expected<RuleSelection> selection = configurations.selectionFor(probe);
  if (!selection)
    return usageError(llvm::toString(selection.takeError()));
  llvm::outs() << "Enabled checks:\n";
  for (const RuleEntry *entry : selection->rules)
    llvm::outs() << "    " << entry->info.id << "  (" << entry->info.family << ") "
                 << entry->info.summary << "\n";
  return NoFindings;
}

/// The configuration one file gets, as clang-tidy --dump-config prints it.
int dumpConfig(ConfigurationProvider &configurations, const CommandLine &commandLine) {
  std::string probe = commandLine.files.empty() ? absolutePath("threadlint-dump-config.cpp")
                                                : absolutePath(commandLine.files.front());
  llvm::Expected<CheckConfiguration> configuration = configurations.configurationFor(probe);
  if (!configuration)
    return usageError(llvm::toString(configuration.takeError()));
  llvm::outs() << dumpConfiguration(*configuration);
  return NoFindings;
}

int explain(llvm::StringRef id) {
  const auto &docs = ruleDocumentation();
  auto doc = docs.find(std::string_view(id.data(), id.size()));
  if (doc == docs.end())
    return usageError("unknown check '" + id + "' (see 'threadlint --list-checks')");
  llvm::outs() << doc->second;
  return NoFindings;
}

} // namespace

/// `threadlint lsp`: the language server on stdin/stdout. Standard output is
/// kept for the protocol alone; anything else that prints goes to stderr.
int serveLanguageProtocol(int argc, const char **argv) {
  for (int index = 2; index < argc; ++index) {
    llvm::StringRef argument(argv[index]);
    if (argument == "--help" || argument == "-h") {
      llvm::outs() << "USAGE: threadlint lsp\n\n"
                      "A Language Server Protocol 3.17 server on stdin/stdout: diagnostics for\n"
                      "open C++ files (unsaved text included) and quick fixes. Configure the\n"
                      "editor to start `threadlint lsp` for C and C++ files; see docs/editors.md.\n";
      return NoFindings;
    }
    return usageError("threadlint lsp takes no arguments, got '" + argument + "'");
  }
  int protocolDescriptor = ::dup(STDOUT_FILENO);
  std::FILE *protocol = protocolDescriptor < 0 ? nullptr : ::fdopen(protocolDescriptor, "w");
  if (!protocol || ::dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
    return usageError("cannot set up standard output for the protocol");
  lsp::ServerOptions options;
  if (std::optional<std::string> resourceDir = findClangResourceDir(argv[0]))
    options.resourceDir = *resourceDir;
  int exitCode = lsp::runLanguageServer(stdin, protocol, options);
  std::fclose(protocol);
  return exitCode;
}

namespace {

int run(int argc, const char **argv) {
  // Lets a file whose analysis crashes be reported and skipped (Scan.cpp).
  llvm::CrashRecoveryContext::Enable();
  std::string fixedError;
  std::unique_ptr<clang::tooling::FixedCompilationDatabase> fixed =
      clang::tooling::FixedCompilationDatabase::loadFromCommandLine(argc, argv, fixedError);
  // The driver may complain about parts of the compile command it strips
  // (CMake's convention passes `-o x.o -c file.cpp`); like clang-tidy, only a
  // command it cannot use at all is an error.
  if (!fixed && !fixedError.empty())
    return usageError(firstLine(fixedError));

  std::optional<CommandLine> commandLine = parseCommandLine(argc, argv);
  if (!commandLine)
    return UsageError;

  if (commandLine->explain)
    return explain(*commandLine->explain);

  std::vector<std::string> unknown = globsMatchingNoCheck(commandLine->checks);
  if (!unknown.empty())
    return usageError("--checks: '" + unknown.front() +
                      "' matches no threadlint check (see 'threadlint --list-checks')");

  ConfigurationProvider::Settings settings;
  // What the command line says overrides the configuration files, the way
  // clang-tidy merges its own flags.
  if (!commandLine->checks.empty())
    settings.overrides.Checks = commandLine->checks;
  settings.overrides.WarningsAsErrors = commandLine->warningsAsErrors;
  settings.overrides.HeaderFilterRegex = commandLine->headerFilter;
  settings.overrides.ExcludeHeaderFilterRegex = commandLine->excludeHeaderFilter;
  settings.overrides.SystemHeaders = commandLine->systemHeaders;
  settings.overrides.UseColor = commandLine->useColor;
  std::vector<std::string> ignoredKeys;
  if (commandLine->config) {
    llvm::Expected<CheckConfiguration> parsed =
        parseCheckConfiguration(*commandLine->config, "--config", &ignoredKeys);
    if (!parsed)
      return usageError(llvm::toString(parsed.takeError()));
    settings.explicitConfiguration = *parsed;
  } else if (commandLine->configFile) {
    llvm::Expected<CheckConfiguration> parsed =
        readCheckConfigurationFile(*commandLine->configFile, false, &ignoredKeys);
    if (!parsed)
      return usageError(llvm::toString(parsed.takeError()));
    settings.explicitConfiguration = *parsed;
  }
  ConfigurationProvider configurations(std::move(settings));
  auto printConfigurationWarnings = [&] {
    std::vector<std::string> warnings = configurations.takeWarnings();
    warnings.insert(warnings.begin(), ignoredKeys.begin(), ignoredKeys.end());
    ignoredKeys.clear();
    for (const std::string &warning : warnings)
      llvm::errs() << "threadlint: warning: " << warning << "\n";
  };

  if (commandLine->listChecks)
    return listChecks(configurations, *commandLine);
  if (commandLine->dumpConfig)
    return dumpConfig(configurations, *commandLine);

  for (const auto &[flag, regex] :
       {std::pair{"--header-filter", commandLine->headerFilter},
        std::pair{"--exclude-header-filter", commandLine->excludeHeaderFilter}}) {
    std::string regexError;
    if (regex && !llvm::Regex(*regex).isValid(regexError))
      return usageError(llvm::Twine(flag) + ": invalid regular expression: " + regexError);
  }

  llvm::Expected<std::unique_ptr<clang::tooling::CompilationDatabase>> database =
      loadDatabase(*commandLine, std::move(fixed));
  if (!database)
    return usageError(llvm::toString(database.takeError()));

  ScanJob job;
  job.database = database->get();
  // Relative file arguments are relative to where the command runs, once:
  // the analysis itself never depends on the process's working directory.
  for (const std::string &file : commandLine->files)
    job.files.push_back(absolutePath(file));
  if (job.files.empty()) {
    if (!commandLine->buildPath.empty() || !job.database->getAllFiles().empty())
      job.files = job.database->getAllFiles();
    if (job.files.empty())
      return usageError("the compilation database lists no files to scan");
  }
  // Decided on the whole list, so that every shard of a scan agrees.
  std::string sourceRoot = commandLine->sourceRoot ? absolutePath(*commandLine->sourceRoot)
                                                   : defaultSourceRoot(*commandLine, job.files);
  if (commandLine->shard)
    job.files = shardOf(job.files, commandLine->shard->first, commandLine->shard->second);
  if (!llvm::sys::fs::is_directory(sourceRoot))
    return usageError("--source-root: '" + sourceRoot + "' is not a directory");

  std::optional<ScanReport> baseline;
  if (commandLine->baseline) {
    llvm::Expected<ScanReport> read = readBaseline(*commandLine->baseline);
    if (!read)
      return usageError(llvm::toString(read.takeError()));
    baseline = std::move(*read);
  }
  std::optional<LineFilter> lineFilter;
  if (commandLine->lineFilter && commandLine->changedSince)
    return usageError("--line-filter and --changed-since cannot be used together");
  if (commandLine->lineFilter) {
    llvm::Expected<LineFilter> parsed = LineFilter::parse(*commandLine->lineFilter);
    if (!parsed)
      return usageError(llvm::toString(parsed.takeError()));
    lineFilter = std::move(*parsed);
  } else if (commandLine->changedSince) {
    llvm::Expected<LineFilter> changed =
        LineFilter::changedSince(*commandLine->changedSince, sourceRoot);
    if (!changed)
      return usageError("--changed-since: " + llvm::toString(changed.takeError()));
    lineFilter = std::move(*changed);
  }

  job.configurations = &configurations;
  job.jobs = commandLine->jobs;
  job.fileTimeout = std::chrono::seconds(commandLine->fileTimeoutSeconds);
  std::optional<ResultCache> cache;
  if (!commandLine->noCache) {
    std::string directory =
        commandLine->cacheDir ? *commandLine->cacheDir : ResultCache::defaultDirectory();
    if (!directory.empty())
      cache.emplace(absolutePath(directory), ResultCache::identityOf(argv[0]));
  }
  job.cache = cache ? &*cache : nullptr;
  std::unique_ptr<ProgressLine> progress;
  if (commandLine->progress && !commandLine->quiet && ProgressLine::wanted())
    progress = std::make_unique<ProgressLine>();
  if (progress)
    job.progress = [&progress](unsigned done, unsigned total, const std::string &file) {
      progress->update(done, total, file);
    };
  // The matchers walk user code only, and the parser skips the bodies of
  // system headers' functions: they can hold nothing threadlint reports.
  // Same findings, a third less time (docs/performance.md);
  // THREADLINT_WHOLE_TRANSLATION_UNIT=1 turns both off for comparison.
  if (!llvm::sys::Process::GetEnv("THREADLINT_WHOLE_TRANSLATION_UNIT")) {
    job.policy.traversal = TraversalScope::UserCode;
    job.policy.skipSystemFunctionBodies = true;
  }
  for (const ReportRequest &request : commandLine->reports)
    job.policy.collectDesign |= isDesignFormat(request.format);
  job.extraArgs = commandLine->extraArgs;
  job.extraArgsBefore = commandLine->extraArgsBefore;
  if (std::optional<std::string> resourceDir = findClangResourceDir(argv[0]))
    job.resourceDir = *resourceDir;
  else
    llvm::errs() << "threadlint: warning: clang 19's builtin headers were not found; set "
                    "THREADLINT_RESOURCE_DIR to <llvm-19>/lib/clang/19\n";

  llvm::Expected<ScanReport> report = scan(job);
  if (progress)
    progress->clear();
  printConfigurationWarnings();
  if (!report)
    return usageError(llvm::toString(report.takeError()));

  report->sourceRoot = sourceRoot;
  if (lineFilter)
    lineFilter->apply(*report);
  if (baseline) {
    std::set<std::string> scannedFiles;
    for (const std::string &file : commandLine->files)
      scannedFiles.insert(absolutePath(file));
    applyBaseline(*report, *baseline, sourceRoot, scannedFiles);
  }

  if (commandLine->exportFixes) {
    llvm::Error error = createParentDirectories(*commandLine->exportFixes);
    if (!error)
      error = exportFixes(*report, *commandLine->exportFixes,
                          job.files.size() == 1 ? absolutePath(job.files.front()) : "",
                          currentDirectory());
    if (error)
      return usageError("cannot write '" + *commandLine->exportFixes +
                        "': " + llvm::toString(std::move(error)));
  }

  Rendering rendering;
  rendering.sarif.sourceRoot = sourceRoot;
  nlohmann::ordered_json design;
  if (job.policy.collectDesign) {
    design = buildDesignReport(report->designInventories, *report);
    rendering.design = &design;
  }
  for (const ReportRequest &request : commandLine->reports)
    if (llvm::Error error = writeReportFile(request.format, *report, request.path, rendering))
      return usageError("cannot write '" + request.path + "': " + llvm::toString(std::move(error)));
  if (commandLine->output) {
    if (llvm::Error error =
            writeReportFile(commandLine->format, *report, *commandLine->output, rendering))
      return usageError("cannot write '" + *commandLine->output +
                        "': " + llvm::toString(std::move(error)));
  } else {
    bool colors = commandLine->format == OutputFormat::Text &&
                  commandLine->useColor.value_or(llvm::outs().has_colors() &&
                                                 !llvm::sys::Process::GetEnv("NO_COLOR"));
    llvm::consumeError(
        writeReport(commandLine->format, *report, llvm::outs(), colors, rendering));
    llvm::outs().flush();
  }

  if (commandLine->fix) {
    llvm::Expected<FixOutcome> fixed = applyFixes(*report);
    if (!fixed)
      return usageError(llvm::toString(fixed.takeError()));
    for (const auto &[file, edits] : fixed->files)
      llvm::errs() << "threadlint: fixed " << file << " (" << edits << " edit"
                   << (edits == 1 ? "" : "s") << ")\n";
    llvm::errs() << "threadlint: applied the fix-its of " << fixed->applied << " finding"
                 << (fixed->applied == 1 ? "" : "s");
    if (fixed->conflicting)
      llvm::errs() << "; " << fixed->conflicting << " skipped (their edits overlap)";
    llvm::errs() << "\n";
  }

  if (!commandLine->quiet)
    printNotices(*report);
  for (const FileError &error : report->errors)
    llvm::errs() << "threadlint: error: " << error.file << ": " << error.message << "\n";
  if (!commandLine->quiet)
    llvm::errs() << summaryLine(*report) << "\n";
  int exitCode = exitCodeFor(*report, commandLine->failOn);
  if (report->abandonedAnalyses > 0) {
    // A crashed parse left its state half-built, and threads past the time
    // limit still run against this scan's database and configuration: all is
    // written, so end without destroying any of it.
    llvm::outs().flush();
    llvm::errs().flush();
    std::fflush(nullptr);
    std::_Exit(exitCode);
  }
  return exitCode;
}

} // namespace
} // namespace threadlint::cli

int main(int argc, const char **argv) {
  llvm::InitLLVM initialize(argc, argv);
  if (argc >= 2 && llvm::StringRef(argv[1]) == "lsp")
    return threadlint::cli::serveLanguageProtocol(argc, argv);
  if (argc >= 2 && llvm::StringRef(argv[1]) == "merge")
    return threadlint::cli::mergeReports(argc, argv);
  return threadlint::cli::run(argc, argv);
}
