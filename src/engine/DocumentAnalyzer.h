// Analysis of one open document as an editor sees it: the unsaved text over
// the real file system, with the headers parsed once into a precompiled
// preamble (as clangd does) so a re-analysis after an edit below the
// includes parses only the main file.
#pragma once

#include "engine/Analysis.h"

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace threadlint {

struct CompileCommandLine {
  std::string directory;
  std::vector<std::string> arguments; ///< compiler first, the file among them
};

struct DocumentAnalysis {
  TranslationUnitResult result;
  bool cancelled = false;
  bool preambleReused = false;
  bool preambleBuilt = false;
  std::string failure; ///< set when clang could not run at all
};

class DocumentAnalyzer {
public:
  explicit DocumentAnalyzer(std::string resourceDir);
  ~DocumentAnalyzer();
  DocumentAnalyzer(const DocumentAnalyzer &) = delete;
  DocumentAnalyzer &operator=(const DocumentAnalyzer &) = delete;

  /// Analyses `contents` as `file`. `cancelled` is polled between the
  /// stages; once set, the analysis stops and says so.
  DocumentAnalysis analyze(const std::string &file, const std::string &contents,
                           const CompileCommandLine &command, const RuleSelection &selection,
                           const std::atomic<bool> &cancelled);

private:
  struct Preamble;
  std::string resourceDir_;
  std::unique_ptr<Preamble> preamble_;
};

} // namespace threadlint
