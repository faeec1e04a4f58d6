#include "cli/CommandLine.h"
#include "cli/Scan.h"

#include "engine/Config.h"
#include "engine/RuleDocs.h"
#include "engine/RuleTable.h"
#include "engine/Toolchain.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <nlohmann/json.hpp>

namespace threadlint::cli {
namespace {

int usageError(const llvm::Twine &message) {
  llvm::errs() << "threadlint: error: " << message << "\n";
  return UsageError;
}

std::string firstLine(llvm::StringRef text) { return text.trim().split('\n').first.str(); }

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
    database = JSONCompilationDatabase::loadFromFile(path, error,
                                                     JSONCommandLineSyntax::AutoDetect);
    if (!database)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "malformed compilation database '%s': %s", path.c_str(),
                                     firstLine(error).c_str());
  } else {
    llvm::SmallString<256> start(commandLine.files.empty() ? "." : commandLine.files.front());
    llvm::sys::fs::make_absolute(start);
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

llvm::Error writeReport(OutputFormat format, const ScanReport &report, llvm::raw_ostream &out,
                        bool colors) {
  if (format == OutputFormat::Json)
    out << toJson(report).dump(2) << "\n";
  else
    printText(out, report, colors);
  return llvm::Error::success();
}

llvm::Error writeReportFile(OutputFormat format, const ScanReport &report,
                            llvm::StringRef path) {
  return llvm::writeToOutput(path, [&](llvm::raw_ostream &out) {
    return writeReport(format, report, out, /*colors=*/false);
  });
}

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

int explain(llvm::StringRef id) {
  const auto &docs = ruleDocumentation();
  auto doc = docs.find(std::string_view(id.data(), id.size()));
  if (doc == docs.end())
    return usageError("unknown check '" + id + "' (see 'threadlint --list-checks')");
  llvm::outs() << doc->second;
  return NoFindings;
}

int run(int argc, const char **argv) {
  std::string fixedError;
  std::unique_ptr<clang::tooling::FixedCompilationDatabase> fixed =
      clang::tooling::FixedCompilationDatabase::loadFromCommandLine(argc, argv, fixedError);
  if (!fixedError.empty())
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
  settings.commandLineChecks = commandLine->checks;
  if (commandLine->config) {
    llvm::Expected<CheckConfiguration> parsed =
        parseCheckConfiguration(*commandLine->config, "--config");
    if (!parsed)
      return usageError(llvm::toString(parsed.takeError()));
    settings.explicitConfiguration = *parsed;
  } else if (commandLine->configFile) {
    llvm::Expected<CheckConfiguration> parsed =
        readCheckConfigurationFile(*commandLine->configFile);
    if (!parsed)
      return usageError(llvm::toString(parsed.takeError()));
    settings.explicitConfiguration = *parsed;
  }
  ConfigurationProvider configurations(std::move(settings));

  if (commandLine->listChecks)
    return listChecks(configurations, *commandLine);

  if (commandLine->headerFilter) {
    std::string regexError;
    if (!llvm::Regex(*commandLine->headerFilter).isValid(regexError))
      return usageError("--header-filter: invalid regular expression: " + regexError);
  }

  llvm::Expected<std::unique_ptr<clang::tooling::CompilationDatabase>> database =
      loadDatabase(*commandLine, std::move(fixed));
  if (!database)
    return usageError(llvm::toString(database.takeError()));

  ScanJob job;
  job.database = database->get();
  job.files = commandLine->files;
  if (job.files.empty()) {
    if (!commandLine->buildPath.empty() || !job.database->getAllFiles().empty())
      job.files = job.database->getAllFiles();
    if (job.files.empty())
      return usageError("the compilation database lists no files to scan");
  }
  job.configurations = &configurations;
  job.policy.headerFilter = commandLine->headerFilter;
  job.extraArgs = commandLine->extraArgs;
  job.extraArgsBefore = commandLine->extraArgsBefore;
  if (std::optional<std::string> resourceDir = findClangResourceDir(argv[0]))
    job.resourceDir = *resourceDir;
  else
    llvm::errs() << "threadlint: warning: clang 19's builtin headers were not found; set "
                    "THREADLINT_RESOURCE_DIR to <llvm-19>/lib/clang/19\n";

  llvm::Expected<ScanReport> report = scan(job);
  if (!report)
    return usageError(llvm::toString(report.takeError()));

  for (const ReportRequest &request : commandLine->reports)
    if (llvm::Error error = writeReportFile(request.format, *report, request.path))
      return usageError("cannot write '" + request.path + "': " + llvm::toString(std::move(error)));
  if (commandLine->output) {
    if (llvm::Error error = writeReportFile(commandLine->format, *report, *commandLine->output))
      return usageError("cannot write '" + *commandLine->output +
                        "': " + llvm::toString(std::move(error)));
  } else {
    bool colors = commandLine->format == OutputFormat::Text && llvm::outs().has_colors() &&
                  !llvm::sys::Process::GetEnv("NO_COLOR");
    llvm::consumeError(writeReport(commandLine->format, *report, llvm::outs(), colors));
    llvm::outs().flush();
  }

  for (const FileError &error : report->errors)
    llvm::errs() << "threadlint: error: " << error.file << ": " << error.message << "\n";
  if (!commandLine->quiet)
    llvm::errs() << "threadlint: " << report->diagnostics.size() << " finding"
                 << (report->diagnostics.size() == 1 ? "" : "s") << " in "
                 << report->filesScanned << " file" << (report->filesScanned == 1 ? "" : "s")
                 << (report->errors.empty()
                         ? std::string()
                         : "; " + std::to_string(report->errors.size()) + " failed to parse")
                 << "\n";
  if (!report->errors.empty())
    return ParseFailure;
  return report->diagnostics.empty() ? NoFindings : Findings;
}

} // namespace
} // namespace threadlint::cli

int main(int argc, const char **argv) {
  llvm::InitLLVM initialize(argc, argv);
  return threadlint::cli::run(argc, argv);
}
