#include "cli/Scan.h"

#include "engine/Paths.h"
#include "engine/Toolchain.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/thread.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

namespace threadlint::cli {
namespace {

/// The parse thread's stack: address space only, committed as it is used,
/// so ordinary files cost nothing and pathological nesting (a macro that
/// expands to a million-term expression overflows clang++'s own 8 MiB) still
/// parses.
constexpr unsigned ParseStackSize = 1024u << 20;

/// What one file contributed.
struct FileOutcome {
  std::vector<Diagnostic> diagnostics;
  std::optional<FileError> error;
  std::optional<FileError> notice;
  std::vector<std::string> checks;
  std::optional<bool> cacheHit; ///< unset when the cache was not asked
  nlohmann::json design;        ///< the design inventory, when collected
};

clang::tooling::ArgumentsAdjuster adjusterFor(const ScanJob &job, const RuleSelection &selection) {
  using namespace clang::tooling;
  ArgumentsAdjuster adjuster = [](const CommandLineArguments &arguments, llvm::StringRef) {
    return arguments;
  };
  if (!job.resourceDir.empty())
    adjuster = combineAdjusters(adjuster, resourceDirAdjuster(job.resourceDir));
  if (!job.extraArgsBefore.empty())
    adjuster = combineAdjusters(
        adjuster, getInsertArgumentAdjuster(job.extraArgsBefore, ArgumentInsertPosition::BEGIN));
  if (!job.extraArgs.empty())
    adjuster = combineAdjusters(
        adjuster, getInsertArgumentAdjuster(job.extraArgs, ArgumentInsertPosition::END));
  // The configuration's ExtraArgsBefore / ExtraArgs, as clang-tidy adds them.
  if (!selection.extraArgsBefore.empty())
    adjuster = combineAdjusters(adjuster, getInsertArgumentAdjuster(
                                              selection.extraArgsBefore,
                                              ArgumentInsertPosition::BEGIN));
  if (!selection.extraArgs.empty())
    adjuster = combineAdjusters(
        adjuster, getInsertArgumentAdjuster(selection.extraArgs, ArgumentInsertPosition::END));
  return adjuster;
}

/// The job's policy with what the file's configuration says about reporting.
ReportingPolicy policyFor(const ScanJob &job, const RuleSelection &selection) {
  ReportingPolicy policy = job.policy;
  policy.headerFilter = selection.headerFilter;
  policy.excludeHeaderFilter = selection.excludeHeaderFilter;
  policy.systemHeaders = selection.systemHeaders;
  policy.warningsAsErrors = selection.warningsAsErrors;
  return policy;
}

std::string policyText(const ReportingPolicy &policy) {
  return "header-filter='" + policy.headerFilter + "';exclude-header-filter='" +
         policy.excludeHeaderFilter + "';system-headers=" + std::to_string(policy.systemHeaders) +
         ";warnings-as-errors='" + policy.warningsAsErrors + "'" +
         ";traversal=" + std::to_string(static_cast<int>(policy.traversal)) +
         ";skip-system-bodies=" + std::to_string(policy.skipSystemFunctionBodies) +
         ";design=" + std::to_string(policy.collectDesign);
}

/// How long a cancelled parse gets to reach its next top-level declaration.
constexpr std::chrono::seconds CancellationGrace{2};

/// One parse, shared by the worker that waits for it and the thread that runs
/// it: a worker that gives up on it (--file-timeout) leaves the thread
/// everything it touches.
struct ParseRun {
  ParseRun(const ScanJob &job, const std::string &file, RuleSelection selection,
           ReportingPolicy policy, const clang::tooling::ArgumentsAdjuster &adjuster)
      : selection(std::move(selection)), policy(std::move(policy)),
        // A file system of the tool's own: the real one ties its working
        // directory to the process's, which every worker would change under
        // the others (relative includes, relative paths in the database).
        tool(*job.database, {file}, std::make_shared<clang::PCHContainerOperations>(),
             llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem>(
                 llvm::vfs::createPhysicalFileSystem())) {
    tool.setPrintErrorMessage(false);
    tool.appendArgumentsAdjuster(adjuster);
    errors = makeCompilerErrorCollector(result);
    tool.setDiagnosticConsumer(errors.get());
    factory = makeAnalysisActionFactory(this->selection, this->policy, result, &cancelled);
  }

  RuleSelection selection;
  ReportingPolicy policy;
  TranslationUnitResult result;
  clang::tooling::ClangTool tool;
  std::unique_ptr<clang::DiagnosticConsumer> errors;
  std::unique_ptr<clang::tooling::FrontendActionFactory> factory;
  std::atomic<bool> cancelled{false};
  int status = 1;

  std::mutex mutex;
  std::condition_variable finishedChanged;
  bool finished = false; ///< guarded by mutex
  bool crashed = false;  ///< guarded by mutex
};

llvm::Expected<FileOutcome> analyseFile(const ScanJob &job, const std::string &file,
                                        std::atomic<unsigned> &abandoned) {
  llvm::Expected<RuleSelection> selection = job.configurations->selectionFor(file);
  if (!selection)
    return selection.takeError();
  FileOutcome outcome;
  for (const RuleEntry *entry : selection->rules)
    outcome.checks.emplace_back(entry->info.id);

  if (llvm::sys::fs::is_directory(file)) {
    outcome.error = FileError{absolutePath(file), "is a directory, not a source file"};
    return outcome;
  }
  std::vector<clang::tooling::CompileCommand> commands = job.database->getCompileCommands(file);
  if (commands.empty()) {
    outcome.error = FileError{absolutePath(file), "no compile command for this file"};
    return outcome;
  }

  clang::tooling::ArgumentsAdjuster requested = adjusterFor(job, *selection);
  ReportingPolicy policy = policyFor(job, *selection);
  std::vector<std::string> dropped =
      adaptForAnalysis(requested(commands.front().CommandLine, commands.front().Filename)).dropped;
  clang::tooling::ArgumentsAdjuster adjuster =
      clang::tooling::combineAdjusters(requested, analysisCommandAdjuster());
  std::string droppedText;
  for (const std::string &option : dropped)
    droppedText += (droppedText.empty() ? "" : " ") + option;
  if (!dropped.empty())
    outcome.notice = FileError{absolutePath(file), DroppedOptionsNotice.str() + droppedText};
  std::string cacheKey;
  if (job.cache) {
    cacheKey = job.cache->keyFor(absolutePath(file),
                                 adjuster(commands.front().CommandLine, commands.front().Filename),
                                 commands.front().Directory, *selection, policyText(policy));
    if (std::optional<TranslationUnitResult> cached = job.cache->lookup(cacheKey)) {
      outcome.diagnostics = std::move(cached->diagnostics);
      outcome.design = std::move(cached->design);
      outcome.cacheHit = true;
      return outcome;
    }
    outcome.cacheHit = false;
  }

  std::shared_ptr<ParseRun> run = std::make_shared<ParseRun>(job, file, *selection, policy, adjuster);
  // A crash in clang or in a rule (input beyond clang's limits, such as a
  // recursion too deep for the stack) costs this file, not the scan: the
  // parse runs on a thread of its own under a crash recovery context.
  llvm::thread parser(std::optional<unsigned>(ParseStackSize), [run] {
    llvm::CrashRecoveryContext recovery;
    bool completed = recovery.RunSafely([&] { run->status = run->tool.run(run->factory.get()); });
    {
      std::lock_guard<std::mutex> lock(run->mutex);
      run->crashed = !completed;
      run->finished = true;
    }
    run->finishedChanged.notify_all();
  });
  if (job.fileTimeout.count() == 0) {
    parser.join();
  } else {
    std::unique_lock<std::mutex> lock(run->mutex);
    auto isFinished = [&run] { return run->finished; };
    if (!run->finishedChanged.wait_for(lock, job.fileTimeout, isFinished)) {
      // Asked to stop, the parse ends at its next top-level declaration; one
      // stuck inside a single declaration (or in a rule) is left to run on
      // its own, holding only its own state, and the scan goes on.
      run->cancelled = true;
      bool stopped = run->finishedChanged.wait_for(lock, CancellationGrace, isFinished);
      lock.unlock();
      if (stopped) {
        parser.join();
      } else {
        parser.detach();
        ++abandoned;
      }
      outcome.error = FileError{absolutePath(file),
                                "the analysis took longer than the time limit of " +
                                    std::to_string(job.fileTimeout.count()) +
                                    " s (--file-timeout); the rest of the scan went on"};
      return outcome;
    }
    lock.unlock();
    parser.join();
  }
  if (run->crashed) {
    ++abandoned; // what the crashed parse allocated is left as it was
    outcome.error = FileError{absolutePath(file),
                              "the analysis crashed (input beyond clang's limits, such as "
                              "recursion too deep for the stack, or a bug); the rest of the scan "
                              "went on"};
    return outcome;
  }

  int status = run->status;
  TranslationUnitResult &result = run->result;
  std::string firstErrors;
  if (!result.compilerErrors.empty()) {
    firstErrors = result.compilerErrors.front();
    if (result.compilerErrors.size() > 1)
      firstErrors +=
          " (and " + std::to_string(result.compilerErrors.size() - 1) + " more errors)";
  }
  if (!result.analysed || (status != 0 && result.compilerErrors.empty())) {
    // clang never got as far as an AST: nothing to judge.
    outcome.error = FileError{absolutePath(file), firstErrors.empty()
                                                      ? "the file could not be analysed"
                                                      : firstErrors};
    return outcome;
  }
  if (!result.compilerErrors.empty()) {
    // As clang-tidy does, the rules judge the AST clang recovered (a GCC
    // extension clang lacks costs one declaration, not the file's findings),
    // and the file is still an error: what clang could not read was not
    // analysed.
    outcome.error = FileError{absolutePath(file), firstErrors};
  } else if (job.cache) {
    job.cache->store(cacheKey, result);
  }
  outcome.diagnostics = std::move(result.diagnostics);
  outcome.design = std::move(result.design);
  return outcome;
}

} // namespace

llvm::Expected<ScanReport> scan(const ScanJob &job) {
  const std::size_t total = job.files.size();
  std::vector<std::optional<llvm::Expected<FileOutcome>>> outcomes(total);
  unsigned workers = job.jobs == 0 ? std::max(1u, std::thread::hardware_concurrency()) : job.jobs;
  workers = static_cast<unsigned>(std::min<std::size_t>(workers, std::max<std::size_t>(total, 1)));

  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::atomic<unsigned> abandoned{0};
  std::mutex progressMutex;
  unsigned done = 0;
  auto work = [&] {
    for (std::size_t index = next++; index < total && !failed; index = next++) {
      outcomes[index].emplace(analyseFile(job, job.files[index], abandoned));
      if (!*outcomes[index])
        failed = true;
      if (job.progress) {
        std::lock_guard<std::mutex> lock(progressMutex);
        job.progress(++done, static_cast<unsigned>(total), job.files[index]);
      }
    }
  };
  if (workers <= 1) {
    work();
  } else {
    std::vector<std::jthread> pool;
    pool.reserve(workers);
    for (unsigned worker = 0; worker < workers; ++worker)
      pool.emplace_back(work);
  } // the pool joins here

  ScanReport report;
  report.abandonedAnalyses = abandoned;
  std::set<std::string> enabled;
  for (std::optional<llvm::Expected<FileOutcome>> &slot : outcomes) {
    if (!slot)
      continue; // not reached after a configuration error
    if (!*slot)
      return slot->takeError();
    FileOutcome &outcome = **slot;
    ++report.filesScanned;
    enabled.insert(outcome.checks.begin(), outcome.checks.end());
    if (outcome.error)
      report.errors.push_back(std::move(*outcome.error));
    if (outcome.notice)
      report.notices.push_back(std::move(*outcome.notice));
    for (Diagnostic &diagnostic : outcome.diagnostics)
      report.diagnostics.push_back(std::move(diagnostic));
    if (!outcome.design.is_null())
      report.designInventories.push_back(std::move(outcome.design));
    if (outcome.cacheHit) {
      report.cacheUsed = true;
      ++(*outcome.cacheHit ? report.cacheHits : report.cacheMisses);
    }
  }
  sortAndDeduplicate(report.diagnostics);
  assignFingerprints(report.diagnostics);
  report.checks.assign(enabled.begin(), enabled.end());
  auto byFile = [](const FileError &left, const FileError &right) {
    return left.file < right.file;
  };
  std::stable_sort(report.errors.begin(), report.errors.end(), byFile);
  std::stable_sort(report.notices.begin(), report.notices.end(), byFile);
  return report;
}

std::vector<std::string> shardOf(const std::vector<std::string> &files, unsigned index,
                                 unsigned count) {
  struct Sized {
    std::uint64_t size;
    std::string path;
    std::size_t position;
  };
  std::vector<Sized> sized;
  for (std::size_t position = 0; position < files.size(); ++position) {
    llvm::sys::fs::file_status status;
    std::uint64_t size = llvm::sys::fs::status(files[position], status) ? 0 : status.getSize();
    sized.push_back({size, files[position], position});
  }
  std::sort(sized.begin(), sized.end(), [](const Sized &left, const Sized &right) {
    return left.size != right.size ? left.size > right.size : left.path < right.path;
  });
  std::vector<std::uint64_t> load(count, 0);
  std::vector<std::size_t> chosen;
  for (const Sized &file : sized) {
    unsigned lightest = 0;
    for (unsigned shard = 1; shard < count; ++shard)
      if (load[shard] < load[lightest])
        lightest = shard;
    // Every file weighs at least one, so empty files spread out too.
    load[lightest] += std::max<std::uint64_t>(file.size, 1);
    if (lightest + 1 == index)
      chosen.push_back(file.position);
  }
  std::sort(chosen.begin(), chosen.end());
  std::vector<std::string> shard;
  shard.reserve(chosen.size());
  for (std::size_t position : chosen)
    shard.push_back(files[position]);
  return shard;
}

} // namespace threadlint::cli
