#include "cli/Merge.h"

#include "cli/Output.h"

#include "engine/InputFiles.h"
#include "engine/Paths.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

#include <set>

namespace threadlint::cli {
namespace {

constexpr const char *Usage =
    "USAGE: threadlint merge [--format=json|sarif|text] [--output=FILE]\n"
    "                        [--source-root=DIR] [--fail-on=warning|error|none]\n"
    "                        report.json...\n\n"
    "Joins the JSON reports of shards (`threadlint --shard=K/N --report=json:FILE`)\n"
    "into the report of the whole scan: findings in headers that several shards\n"
    "saw appear once. Exit codes as for a scan.\n";

int mergeError(const llvm::Twine &message) {
  llvm::errs() << "threadlint merge: error: " << message << "\n";
  return UsageError;
}

} // namespace

int mergeReports(int argc, const char **argv) {
  OutputFormat format = OutputFormat::Json;
  std::optional<std::string> output, sourceRoot;
  FailOn failOn = FailOn::Warning;
  std::vector<std::string> inputs;
  for (int index = 2; index < argc; ++index) {
    llvm::StringRef argument(argv[index]);
    if (argument == "--help" || argument == "-h") {
      llvm::outs() << Usage;
      return NoFindings;
    }
    if (argument.consume_front("--format=")) {
      if (argument == "json")
        format = OutputFormat::Json;
      else if (argument == "sarif")
        format = OutputFormat::Sarif;
      else if (argument == "text")
        format = OutputFormat::Text;
      else
        return mergeError("--format must be json, sarif or text, not '" + argument + "'");
    } else if (argument.consume_front("--output=")) {
      output = argument.str();
    } else if (argument.consume_front("--source-root=")) {
      sourceRoot = absolutePath(argument);
    } else if (argument.consume_front("--fail-on=")) {
      if (argument == "warning")
        failOn = FailOn::Warning;
      else if (argument == "error")
        failOn = FailOn::Error;
      else if (argument == "none")
        failOn = FailOn::None;
      else
        return mergeError("--fail-on must be warning, error or none, not '" + argument + "'");
    } else if (argument.starts_with("-")) {
      return mergeError("unknown option '" + argument + "' (see 'threadlint merge --help')");
    } else {
      inputs.push_back(argument.str());
    }
  }
  if (inputs.empty())
    return mergeError("no reports to merge (see 'threadlint merge --help')");

  ScanReport merged;
  std::set<std::string> checks;
  for (const std::string &input : inputs) {
    llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> buffer =
        readBoundedFile(input, input_limits::ReportBytes, "a report");
    if (!buffer)
      return mergeError("cannot read '" + input + "': " + llvm::toString(buffer.takeError()));
    llvm::Expected<ScanReport> report = readJsonReport((*buffer)->getBuffer());
    if (!report)
      return mergeError("'" + input + "': " + llvm::toString(report.takeError()));
    merged.filesScanned += report->filesScanned;
    checks.insert(report->checks.begin(), report->checks.end());
    if (merged.sourceRoot.empty())
      merged.sourceRoot = report->sourceRoot;
    for (Diagnostic &diagnostic : report->diagnostics)
      merged.diagnostics.push_back(std::move(diagnostic));
    for (FileError &error : report->errors)
      merged.errors.push_back(std::move(error));
  }
  if (sourceRoot)
    merged.sourceRoot = *sourceRoot;
  merged.checks.assign(checks.begin(), checks.end());
  sortAndDeduplicate(merged.diagnostics);
  assignFingerprints(merged.diagnostics);
  std::sort(merged.errors.begin(), merged.errors.end(),
            [](const FileError &left, const FileError &right) {
              return std::tie(left.file, left.message) < std::tie(right.file, right.message);
            });
  merged.errors.erase(std::unique(merged.errors.begin(), merged.errors.end(),
                                  [](const FileError &left, const FileError &right) {
                                    return left.file == right.file &&
                                           left.message == right.message;
                                  }),
                      merged.errors.end());

  Rendering rendering;
  rendering.sarif.sourceRoot = merged.sourceRoot.empty() ? absolutePath(".") : merged.sourceRoot;
  if (output) {
    if (llvm::Error error = writeReportFile(format, merged, *output, rendering))
      return mergeError("cannot write '" + *output + "': " + llvm::toString(std::move(error)));
  } else {
    llvm::consumeError(writeReport(format, merged, llvm::outs(), /*colors=*/false, rendering));
    llvm::outs().flush();
  }
  llvm::errs() << "threadlint merge: " << inputs.size() << " reports; "
               << summaryLine(merged).substr(std::string("threadlint: ").size()) << "\n";
  return exitCodeFor(merged, failOn);
}

} // namespace threadlint::cli
