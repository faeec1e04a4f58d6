// Runs the enabled rules over one translation unit and turns their findings
// into Diagnostics: only user code, NOLINT honoured, header filter applied.
// The CLI and the editor server both drive clang through this.
#pragma once

#include "engine/Config.h"
#include "engine/Diagnostic.h"

#include "llvm/Support/Regex.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class FrontendAction;
class DiagnosticConsumer;
namespace tooling {
class FrontendActionFactory;
}
} // namespace clang

namespace threadlint {

/// What the rules' matchers walk.
enum class TraversalScope {
  WholeTranslationUnit,
  /// Only declarations written in the main file (and what they instantiate):
  /// the editor's view, where headers come from a precompiled preamble.
  MainFile,
  /// Declarations outside system headers: everything threadlint can report
  /// on, without walking the standard library.
  UserCode,
};

struct ReportingPolicy {
  /// Which headers are reported, as clang-tidy decides it: a header whose
  /// path matches `headerFilter` and not `excludeHeaderFilter`, and a system
  /// header only with `systemHeaders`. An empty filter reports no header
  /// (clang-tidy's default); the main file is always reported.
  std::string headerFilter;
  std::string excludeHeaderFilter;
  bool systemHeaders = false;
  /// Checks whose findings are errors (clang-tidy's WarningsAsErrors globs).
  std::string warningsAsErrors;
  TraversalScope traversal = TraversalScope::WholeTranslationUnit;
  /// With UserCode: the parser skips the bodies of functions in system
  /// headers (kept because it changes no finding; see docs/performance.md).
  bool skipSystemFunctionBodies = false;
  /// Also collect the design inventory (Design.h) into the result.
  bool collectDesign = false;
};

struct TranslationUnitResult {
  std::vector<Diagnostic> diagnostics;
  std::vector<std::string> compilerErrors; ///< "file:line:col: message"
  /// The parse got as far as handing an AST to the rules (an AST with
  /// errors is judged, as clang-tidy does; the errors are listed above).
  bool analysed = false;
  /// Every file the parse read (main file, headers), absolute and sorted:
  /// what a cached result depends on.
  std::vector<std::string> dependencies;
  /// The design inventory, when the policy asks for it; null otherwise.
  nlohmann::json design;
};

/// A factory for the clang action that analyses one translation unit with
/// `selection`'s rules, appending to `result`. When `cancelled` becomes true
/// the parse stops at the next top-level declaration and nothing is matched:
/// how a time limit stops an analysis without killing its thread.
std::unique_ptr<clang::tooling::FrontendActionFactory>
makeAnalysisActionFactory(const RuleSelection &selection, const ReportingPolicy &policy,
                          TranslationUnitResult &result,
                          const std::atomic<bool> *cancelled = nullptr);

/// Collects the compiler's own errors (the file does not parse) into `result`
/// instead of printing them.
std::unique_ptr<clang::DiagnosticConsumer>
makeCompilerErrorCollector(TranslationUnitResult &result);

} // namespace threadlint
