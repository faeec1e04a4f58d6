#include "cli/Scan.h"

#include "engine/Paths.h"
#include "engine/Toolchain.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <set>

namespace threadlint::cli {

llvm::Expected<ScanReport> scan(const ScanJob &job) {
  ScanReport report;
  std::set<std::string> enabled;
  for (const std::string &file : job.files) {
    llvm::Expected<RuleSelection> selection = job.configurations->selectionFor(file);
    if (!selection)
      return selection.takeError();
    ++report.filesScanned;
    for (const RuleEntry *entry : selection->rules)
      enabled.insert(std::string(entry->info.id));

    TranslationUnitResult result;
    if (llvm::sys::fs::is_directory(file)) {
      report.errors.push_back({absolutePath(file), "is a directory, not a source file"});
      continue;
    }
    if (job.database->getCompileCommands(file).empty()) {
      report.errors.push_back({absolutePath(file), "no compile command for this file"});
      continue;
    }
    clang::tooling::ClangTool tool(*job.database, {file});
    tool.setPrintErrorMessage(false);
    if (!job.resourceDir.empty())
      tool.appendArgumentsAdjuster(resourceDirAdjuster(job.resourceDir));
    if (!job.extraArgsBefore.empty())
      tool.appendArgumentsAdjuster(clang::tooling::getInsertArgumentAdjuster(
          job.extraArgsBefore, clang::tooling::ArgumentInsertPosition::BEGIN));
    if (!job.extraArgs.empty())
      tool.appendArgumentsAdjuster(clang::tooling::getInsertArgumentAdjuster(
          job.extraArgs, clang::tooling::ArgumentInsertPosition::END));
    std::unique_ptr<clang::DiagnosticConsumer> errors = makeCompilerErrorCollector(result);
    tool.setDiagnosticConsumer(errors.get());
    std::unique_ptr<clang::tooling::FrontendActionFactory> factory =
        makeAnalysisActionFactory(*selection, job.policy, result);
    int status = tool.run(factory.get());

    if (status != 0 || !result.compilerErrors.empty()) {
      // An AST with errors has holes; findings from it would be guesses.
      std::string reason = result.compilerErrors.empty() ? "the file could not be analysed"
                                                         : result.compilerErrors.front();
      if (result.compilerErrors.size() > 1)
        reason += " (and " + std::to_string(result.compilerErrors.size() - 1) + " more errors)";
      report.errors.push_back({absolutePath(file), reason});
      continue;
    }
    for (Diagnostic &diagnostic : result.diagnostics)
      report.diagnostics.push_back(std::move(diagnostic));
  }
  sortAndDeduplicate(report.diagnostics);
  assignFingerprints(report.diagnostics);
  report.checks.assign(enabled.begin(), enabled.end());
  std::sort(report.errors.begin(), report.errors.end(),
            [](const FileError &left, const FileError &right) { return left.file < right.file; });
  return report;
}

} // namespace threadlint::cli
