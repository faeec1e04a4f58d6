#include "cli/Fixes.h"

#include "clang/Tooling/Core/Replacement.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/raw_ostream.h"

#include <map>

namespace threadlint::cli {
namespace {

using FileReplacements = std::map<std::string, clang::tooling::Replacements>;

/// One finding's edits, grouped by file; an error when they overlap each other.
llvm::Expected<FileReplacements> replacementsOf(const Diagnostic &diagnostic) {
  FileReplacements edits;
  for (const Replacement &fix : diagnostic.fixes)
    if (llvm::Error error = edits[fix.file].add(
            clang::tooling::Replacement(fix.file, fix.offset, fix.length, fix.text)))
      return error;
  return edits;
}

/// The byte offset of a 1-based line and column in `file`, if it can be read.
unsigned offsetOf(const Position &position) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(position.file, /*IsText=*/false);
  if (!buffer)
    return 0;
  llvm::StringRef text = (*buffer)->getBuffer();
  size_t offset = 0;
  for (unsigned line = 1; line < position.line && offset != llvm::StringRef::npos; ++line) {
    offset = text.find('\n', offset);
    if (offset != llvm::StringRef::npos)
      ++offset;
  }
  if (offset == llvm::StringRef::npos)
    return 0;
  return static_cast<unsigned>(std::min<size_t>(offset + position.column - 1, text.size()));
}

} // namespace

llvm::Expected<FixOutcome> applyFixes(const ScanReport &report) {
  FixOutcome outcome;
  FileReplacements accepted;
  std::map<std::string, unsigned> editsPerFile;
  for (const Diagnostic &diagnostic : report.diagnostics) {
    if (diagnostic.fixes.empty())
      continue;
    llvm::Expected<FileReplacements> edits = replacementsOf(diagnostic);
    if (!edits) {
      llvm::consumeError(edits.takeError());
      ++outcome.conflicting;
      continue;
    }
    // All of a finding's edits or none: try them on a copy.
    FileReplacements trial = accepted;
    bool conflicts = false;
    for (auto &[file, replacements] : *edits)
      for (const clang::tooling::Replacement &replacement : replacements)
        if (llvm::Error error = trial[file].add(replacement)) {
          llvm::consumeError(std::move(error));
          conflicts = true;
        }
    if (conflicts) {
      ++outcome.conflicting;
      continue;
    }
    accepted = std::move(trial);
    ++outcome.applied;
    for (auto &[file, replacements] : *edits)
      editsPerFile[file] += replacements.size();
  }

  for (auto &[file, replacements] : accepted) {
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
        llvm::MemoryBuffer::getFile(file, /*IsText=*/false);
    if (!buffer)
      return llvm::createStringError(buffer.getError(), "--fix: cannot read '%s': %s",
                                     file.c_str(), buffer.getError().message().c_str());
    llvm::Expected<std::string> fixed =
        clang::tooling::applyAllReplacements((*buffer)->getBuffer(), replacements);
    if (!fixed)
      return llvm::createStringError(llvm::inconvertibleErrorCode(), "--fix: '%s': %s",
                                     file.c_str(), llvm::toString(fixed.takeError()).c_str());
    if (llvm::Error error = llvm::writeToOutput(file, [&](llvm::raw_ostream &out) {
          out << *fixed;
          return llvm::Error::success();
        }))
      return llvm::createStringError(llvm::inconvertibleErrorCode(), "--fix: cannot write '%s': %s",
                                     file.c_str(), llvm::toString(std::move(error)).c_str());
    outcome.files.emplace_back(file, editsPerFile[file]);
  }
  return outcome;
}

llvm::Error exportFixes(const ScanReport &report, const std::string &path,
                        const std::string &mainSourceFile, const std::string &buildDirectory) {
  clang::tooling::TranslationUnitDiagnostics exported;
  exported.MainSourceFile = mainSourceFile;
  for (const Diagnostic &diagnostic : report.diagnostics) {
    clang::tooling::DiagnosticMessage message(diagnostic.message);
    message.FilePath = diagnostic.position.file;
    message.FileOffset = offsetOf(diagnostic.position);
    if (!diagnostic.fixes.empty()) {
      llvm::Expected<FileReplacements> edits = replacementsOf(diagnostic);
      if (!edits)
        return edits.takeError();
      for (auto &[file, replacements] : *edits)
        message.Fix[file] = replacements;
    }
    llvm::SmallVector<clang::tooling::DiagnosticMessage, 1> notes;
    for (const DiagnosticNote &note : diagnostic.notes) {
      clang::tooling::DiagnosticMessage noteMessage(note.message);
      noteMessage.FilePath = note.position.file;
      noteMessage.FileOffset = offsetOf(note.position);
      notes.push_back(std::move(noteMessage));
    }
    exported.Diagnostics.emplace_back(
        diagnostic.check, message, notes,
        diagnostic.severity == Severity::Error ? clang::tooling::Diagnostic::Error
                                               : clang::tooling::Diagnostic::Warning,
        buildDirectory);
  }
  return llvm::writeToOutput(path, [&](llvm::raw_ostream &out) {
    llvm::yaml::Output yaml(out);
    yaml << exported;
    return llvm::Error::success();
  });
}

} // namespace threadlint::cli
