#include "engine/Analysis.h"

#include "engine/Design.h"
#include "engine/GlobList.h"
#include "engine/Nolint.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclGroup.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/Lexer.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

namespace threadlint {
namespace {

using clang::ast_matchers::MatchFinder;

/// Translates clang locations into Diagnostics for one translation unit.
class TranslationUnitSink {
public:
  TranslationUnitSink(clang::CompilerInstance &compiler, const ReportingPolicy &policy,
                      TranslationUnitResult &result)
      : sources_(compiler.getSourceManager()), lang_(compiler.getLangOpts()),
        files_(compiler.getFileManager()), nolint_(sources_), result_(result),
        systemHeaders_(policy.systemHeaders), warningsAsErrors_(policy.warningsAsErrors) {
    if (!policy.headerFilter.empty())
      headerFilter_.emplace(policy.headerFilter);
    if (!policy.excludeHeaderFilter.empty())
      excludeHeaderFilter_.emplace(policy.excludeHeaderFilter);
  }

  void add(const RuleInfo &rule, const Finding &finding) {
    clang::SourceLocation location = sources_.getFileLoc(finding.location);
    if (location.isInvalid() || !isReported(location))
      return;
    bool suppressed = nolint_.suppresses(finding.location, rule.id);
    for (const NolintFilter::Unmatched &unmatched : nolint_.takeUnmatched())
      addUnmatchedNolint(unmatched);
    if (suppressed)
      return;
    Diagnostic diagnostic;
    diagnostic.check = std::string(rule.id);
    diagnostic.family = std::string(rule.family);
    diagnostic.severity = warningsAsErrors_.contains(rule.id) ? Severity::Error : rule.severity;
    diagnostic.message = finding.message;
    diagnostic.position = positionOf(location);
    diagnostic.end = endOf(finding.range.isValid() ? finding.range
                                                   : clang::SourceRange(finding.location),
                           diagnostic.position);
    diagnostic.sourceLine = lineTextAt(location);
    for (const Finding::Note &note : finding.notes) {
      clang::SourceLocation noteLocation = sources_.getFileLoc(note.location);
      diagnostic.notes.push_back(
          {noteLocation.isValid() ? positionOf(noteLocation) : Position{}, note.message});
    }
    for (const clang::FixItHint &hint : finding.fixes)
      if (std::optional<Replacement> replacement = replacementOf(hint))
        diagnostic.fixes.push_back(std::move(*replacement));
    result_.diagnostics.push_back(std::move(diagnostic));
  }

private:
  void addUnmatchedNolint(const NolintFilter::Unmatched &unmatched) {
    Diagnostic diagnostic;
    diagnostic.check = "clang-tidy-nolint";
    diagnostic.family = "nolint";
    diagnostic.severity = Severity::Error;
    diagnostic.message = unmatched.message;
    diagnostic.position = positionOf(unmatched.location);
    diagnostic.end = diagnostic.position;
    diagnostic.sourceLine = lineTextAt(unmatched.location);
    result_.diagnostics.push_back(std::move(diagnostic));
  }

  bool isReported(clang::SourceLocation location) const {
    if (sources_.isInMainFile(location))
      return true;
    if (!systemHeaders_ && sources_.isInSystemHeader(location))
      return false;
    if (!headerFilter_)
      return false;
    // clang-tidy matches the name as clang opened the header (`src/../x.h`,
    // or relative to the compile's directory); reports use the normalized
    // absolute path. Either one decides, so both spellings of a filter work.
    clang::FileID file = sources_.getFileID(location);
    std::string path = pathOf(file);
    clang::OptionalFileEntryRef entry = sources_.getFileEntryRefForID(file);
    std::string spelled = entry ? entry->getName().str() : path;
    auto matches = [&](const llvm::Regex &regex) {
      return regex.match(path) || regex.match(spelled);
    };
    return matches(*headerFilter_) && !(excludeHeaderFilter_ && matches(*excludeHeaderFilter_));
  }

  std::string pathOf(clang::FileID file) const {
    clang::OptionalFileEntryRef entry = sources_.getFileEntryRefForID(file);
    if (!entry)
      return {};
    llvm::SmallString<256> path(entry->getName());
    files_.makeAbsolutePath(path);
    llvm::sys::path::remove_dots(path, /*remove_dot_dot=*/true);
    return std::string(path);
  }

  Position positionOf(clang::SourceLocation fileLocation) const {
    auto [file, offset] = sources_.getDecomposedLoc(fileLocation);
    return Position{pathOf(file), sources_.getLineNumber(file, offset),
                    sources_.getColumnNumber(file, offset)};
  }

  Position endOf(clang::SourceRange range, const Position &begin) const {
    clang::CharSourceRange chars = clang::Lexer::makeFileCharRange(
        clang::CharSourceRange::getTokenRange(range), sources_, lang_);
    if (chars.isInvalid())
      return begin;
    Position end = positionOf(chars.getEnd());
    return end.file == begin.file ? end : begin;
  }

  std::string lineTextAt(clang::SourceLocation fileLocation) const {
    auto [file, offset] = sources_.getDecomposedLoc(fileLocation);
    std::optional<llvm::StringRef> buffer = sources_.getBufferDataOrNone(file);
    if (!buffer)
      return {};
    std::size_t start = buffer->find_last_of("\n", offset);
    start = start == llvm::StringRef::npos ? 0 : start + 1;
    std::size_t end = buffer->find_first_of("\r\n", offset);
    return buffer->slice(start, end).str();
  }

  std::optional<Replacement> replacementOf(const clang::FixItHint &hint) const {
    clang::CharSourceRange range =
        clang::Lexer::makeFileCharRange(hint.RemoveRange, sources_, lang_);
    if (range.isInvalid())
      return std::nullopt;
    auto [file, beginOffset] = sources_.getDecomposedLoc(range.getBegin());
    auto [endFile, endOffset] = sources_.getDecomposedLoc(range.getEnd());
    if (file != endFile || endOffset < beginOffset)
      return std::nullopt;
    return Replacement{pathOf(file), beginOffset, endOffset - beginOffset, hint.CodeToInsert,
                       positionOf(range.getBegin()), positionOf(range.getEnd())};
  }

  const clang::SourceManager &sources_;
  const clang::LangOptions &lang_;
  clang::FileManager &files_;
  NolintFilter nolint_;
  std::optional<llvm::Regex> headerFilter_;
  std::optional<llvm::Regex> excludeHeaderFilter_;
  TranslationUnitResult &result_;
  bool systemHeaders_;
  GlobList warningsAsErrors_;
};

/// The rules of one selection, for RULES.md's "one finding per call".
class SelectedRules : public EnabledRules {
public:
  explicit SelectedRules(const RuleSelection &selection) : selection_(selection) {}
  bool isEnabled(llvm::StringRef ruleId) const override {
    return llvm::any_of(selection_.rules,
                        [&](const RuleEntry *entry) { return llvm::StringRef(entry->info.id) == ruleId; });
  }

private:
  const RuleSelection &selection_;
};

/// One rule's link to the translation unit: its reporter and match callback.
class RuleRunner : public MatchFinder::MatchCallback, public RuleReporter {
public:
  RuleRunner(const RuleEntry &entry, const std::map<std::string, std::string> &options,
             TranslationUnitSink &sink, const EnabledRules &enabled)
      : options_(std::string(entry.info.id), options), sink_(sink), info_(entry.info),
        rule_(entry.create(RuleEnvironment{entry.info, options_, *this, &enabled})) {}

  void run(const MatchFinder::MatchResult &result) override {
    rule_->setContext(*result.Context);
    rule_->check(result);
  }
  void onStartOfTranslationUnit() override { rule_->onStartOfTranslationUnit(); }
  void onEndOfTranslationUnit() override { rule_->onEndOfTranslationUnit(); }
  llvm::StringRef getID() const override { return info_.id; }
  void report(const Finding &finding) override { sink_.add(info_, finding); }

  Rule &rule() { return *rule_; }

private:
  MapRuleOptions options_;
  TranslationUnitSink &sink_;
  const RuleInfo &info_;
  std::unique_ptr<Rule> rule_;
};

/// Narrows the matchers to the declarations the traversal scope names:
/// collects the top-level declarations parsed from the main file (or from
/// user code), then hands the translation unit on with that scope.
/// Declarations from a precompiled preamble are never deserialized just to be
/// walked. Also where a cancelled analysis stops parsing.
class ScopedConsumer : public clang::ASTConsumer {
public:
  ScopedConsumer(std::unique_ptr<clang::ASTConsumer> inner, const clang::SourceManager &sources,
                 TraversalScope scope, const std::atomic<bool> *cancelled)
      : inner_(std::move(inner)), sources_(sources), scope_(scope), cancelled_(cancelled) {}

  bool HandleTopLevelDecl(clang::DeclGroupRef group) override {
    if (isCancelled())
      return false; // the parser stops here
    if (scope_ != TraversalScope::WholeTranslationUnit)
      for (clang::Decl *decl : group) {
        clang::SourceLocation location = sources_.getExpansionLoc(decl->getLocation());
        if (scope_ == TraversalScope::MainFile ? sources_.isWrittenInMainFile(location)
                                               : !sources_.isInSystemHeader(location))
          scopeDecls_.push_back(decl);
      }
    return inner_->HandleTopLevelDecl(group);
  }

  /// Asked by the parser when function bodies may be skipped (user-code
  /// scope): the bodies of system headers' functions are never walked.
  bool shouldSkipFunctionBody(clang::Decl *decl) override {
    return scope_ == TraversalScope::UserCode &&
           sources_.isInSystemHeader(sources_.getExpansionLoc(decl->getLocation()));
  }

  void HandleTranslationUnit(clang::ASTContext &context) override {
    if (isCancelled())
      return;
    if (scope_ == TraversalScope::MainFile)
      addPreambleUserDecls(context);
    if (scope_ != TraversalScope::WholeTranslationUnit)
      context.setTraversalScope(scopeDecls_);
    inner_->HandleTranslationUnit(context);
  }

private:
  bool isCancelled() const { return cancelled_ && cancelled_->load(std::memory_order_relaxed); }

  /// The editor's headers come from a precompiled preamble, whose
  /// declarations never pass HandleTopLevelDecl. The rules still need the
  /// project's own headers (a thread started in a header runs an entry
  /// defined in this file): the preamble's top-level declarations outside
  /// system headers join the scope, as the CLI's user-code scope has them.
  /// Only the top level is loaded here (namespaces stay lazy), so the cost
  /// is a list, not the standard library.
  void addPreambleUserDecls(clang::ASTContext &context) {
    if (!context.getExternalSource())
      return;
    for (clang::Decl *decl : context.getTranslationUnitDecl()->decls()) {
      if (!decl->isFromASTFile())
        continue;
      clang::SourceLocation location = sources_.getExpansionLoc(decl->getLocation());
      if (location.isValid() && !sources_.isInSystemHeader(location))
        scopeDecls_.push_back(decl);
    }
  }

  std::unique_ptr<clang::ASTConsumer> inner_;
  const clang::SourceManager &sources_;
  TraversalScope scope_;
  const std::atomic<bool> *cancelled_;
  std::vector<clang::Decl *> scopeDecls_;
};

class AnalysisAction : public clang::ASTFrontendAction {
public:
  AnalysisAction(const RuleSelection &selection, const ReportingPolicy &policy,
                 TranslationUnitResult &result, const std::atomic<bool> *cancelled)
      : selection_(selection), enabledRules_(selection), policy_(policy), result_(result),
        cancelled_(cancelled) {}

  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance &compiler,
                                                        llvm::StringRef) override {
    result_.analysed = true;
    sink_ = std::make_unique<TranslationUnitSink>(compiler, policy_, result_);
    for (const RuleEntry *entry : selection_.rules) {
      auto runner =
          std::make_unique<RuleRunner>(*entry, selection_.options, *sink_, enabledRules_);
      if (!runner->rule().isLanguageVersionSupported(compiler.getLangOpts()))
        continue;
      runner->rule().registerMatchers(finder_, *runner);
      runners_.push_back(std::move(runner));
    }
    if (policy_.collectDesign)
      designCollector_ = addDesignCollector(finder_, selection_.options, result_.design);
    if (policy_.traversal == TraversalScope::UserCode && policy_.skipSystemFunctionBodies)
      compiler.getFrontendOpts().SkipFunctionBodies = true;
    if (policy_.traversal != TraversalScope::WholeTranslationUnit || cancelled_)
      return std::make_unique<ScopedConsumer>(finder_.newASTConsumer(),
                                              compiler.getSourceManager(), policy_.traversal,
                                              cancelled_);
    return finder_.newASTConsumer();
  }

  void EndSourceFileAction() override {
    clang::SourceManager &sources = getCompilerInstance().getSourceManager();
    clang::FileManager &files = getCompilerInstance().getFileManager();
    for (auto it = sources.fileinfo_begin(); it != sources.fileinfo_end(); ++it) {
      // The path as clang opened it: `..` is not folded, since across a
      // symbolic link (GCC's include directories) that names another file.
      llvm::SmallString<256> path(it->first.getName());
      files.makeAbsolutePath(path);
      result_.dependencies.emplace_back(path);
    }
    llvm::sort(result_.dependencies);
    result_.dependencies.erase(llvm::unique(result_.dependencies), result_.dependencies.end());
  }

private:
  const RuleSelection &selection_;
  SelectedRules enabledRules_;
  const ReportingPolicy &policy_;
  TranslationUnitResult &result_;
  const std::atomic<bool> *cancelled_;
  std::unique_ptr<TranslationUnitSink> sink_;
  std::vector<std::unique_ptr<RuleRunner>> runners_;
  std::unique_ptr<MatchFinder::MatchCallback> designCollector_;
  MatchFinder finder_;
};

class AnalysisActionFactory : public clang::tooling::FrontendActionFactory {
public:
  AnalysisActionFactory(const RuleSelection &selection, const ReportingPolicy &policy,
                        TranslationUnitResult &result, const std::atomic<bool> *cancelled)
      : selection_(selection), policy_(policy), result_(result), cancelled_(cancelled) {}
  std::unique_ptr<clang::FrontendAction> create() override {
    return std::make_unique<AnalysisAction>(selection_, policy_, result_, cancelled_);
  }

private:
  const RuleSelection &selection_;
  const ReportingPolicy &policy_;
  TranslationUnitResult &result_;
  const std::atomic<bool> *cancelled_;
};

class CompilerErrorCollector : public clang::DiagnosticConsumer {
public:
  explicit CompilerErrorCollector(TranslationUnitResult &result) : result_(result) {}

  void HandleDiagnostic(clang::DiagnosticsEngine::Level level,
                        const clang::Diagnostic &info) override {
    // Not passed on to the base class: its counts make clang print "N warnings
    // generated"; the DiagnosticsEngine itself still knows a file failed.
    if (level < clang::DiagnosticsEngine::Error)
      return;
    llvm::SmallString<256> message;
    info.FormatDiagnostic(message);
    std::string where;
    if (info.hasSourceManager() && info.getLocation().isValid()) {
      clang::PresumedLoc presumed =
          info.getSourceManager().getPresumedLoc(info.getLocation());
      if (presumed.isValid())
        where = std::string(presumed.getFilename()) + ":" + std::to_string(presumed.getLine()) +
                ":" + std::to_string(presumed.getColumn()) + ": ";
    }
    result_.compilerErrors.push_back(where + std::string(message));
  }

private:
  TranslationUnitResult &result_;
};

} // namespace

std::unique_ptr<clang::tooling::FrontendActionFactory>
makeAnalysisActionFactory(const RuleSelection &selection, const ReportingPolicy &policy,
                          TranslationUnitResult &result, const std::atomic<bool> *cancelled) {
  return std::make_unique<AnalysisActionFactory>(selection, policy, result, cancelled);
}

std::unique_ptr<clang::DiagnosticConsumer>
makeCompilerErrorCollector(TranslationUnitResult &result) {
  return std::make_unique<CompilerErrorCollector>(result);
}

} // namespace threadlint
