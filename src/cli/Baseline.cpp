#include "cli/Baseline.h"

#include "engine/InputFiles.h"

#include "llvm/Support/MemoryBuffer.h"

#include <map>
#include <tuple>

namespace threadlint::cli {
namespace {

std::string relativeTo(const std::string &root, const std::string &file) {
  llvm::StringRef path(file);
  std::string prefix = root;
  if (!prefix.empty() && prefix.back() != '/')
    prefix += '/';
  if (!prefix.empty() && path.starts_with(prefix))
    return path.drop_front(prefix.size()).str();
  return file;
}

} // namespace

llvm::Expected<ScanReport> readBaseline(const std::string &path) {
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      readBoundedFile(path, input_limits::ReportBytes, "a report");
  if (!buffer)
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "cannot read baseline '%s': %s",
                                   path.c_str(), llvm::toString(buffer.takeError()).c_str());
  llvm::Expected<ScanReport> report = readJsonReport((*buffer)->getBuffer());
  if (!report)
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "baseline '%s': %s",
                                   path.c_str(), llvm::toString(report.takeError()).c_str());
  for (const Diagnostic &diagnostic : report->diagnostics)
    if (diagnostic.fingerprint.empty())
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "baseline '%s' has findings without fingerprints (written by an older threadlint); "
          "write it again with --report=json:FILE",
          path.c_str());
  return report;
}

void applyBaseline(ScanReport &report, const ScanReport &baseline, const std::string &sourceRoot,
                   const std::set<std::string> &scannedFiles) {
  using Key = std::tuple<std::string, std::string, std::string>;
  std::map<Key, unsigned> known;
  for (const Diagnostic &entry : baseline.diagnostics)
    ++known[{entry.check,
             relativeTo(baseline.sourceRoot.empty() ? sourceRoot : baseline.sourceRoot,
                        entry.position.file),
             entry.fingerprint}];

  std::vector<Diagnostic> kept;
  for (Diagnostic &diagnostic : report.diagnostics) {
    auto found = known.find(
        {diagnostic.check, relativeTo(sourceRoot, diagnostic.position.file), diagnostic.fingerprint});
    if (found != known.end() && found->second > 0) {
      --found->second;
      ++report.baselined;
      continue;
    }
    kept.push_back(std::move(diagnostic));
  }
  report.diagnostics = std::move(kept);

  std::set<std::string> scannedRelative;
  for (const std::string &file : scannedFiles)
    scannedRelative.insert(relativeTo(sourceRoot, file));
  for (const auto &[key, unmatched] : known)
    if (unmatched > 0 && (scannedRelative.empty() || scannedRelative.count(std::get<1>(key))))
      report.staleBaseline += unmatched;
}

} // namespace threadlint::cli
