// The clang-tidy front end: every threadlint rule registered as its own
// clang-tidy check, options from CheckOptions, findings and fix-its through
// clang-tidy's diag(). clang-tidy handles NOLINT, header filters and --fix.
#include "engine/RuleTable.h"

#include "ClangTidyCheck.h"
#include "ClangTidyModule.h"
#include "ClangTidyModuleRegistry.h"

namespace threadlint::tidy {
namespace {

using clang::tidy::ClangTidyCheck;
using clang::tidy::ClangTidyContext;

class RuleCheck : public ClangTidyCheck,
                  private RuleOptions,
                  private RuleReporter,
                  private EnabledRules {
public:
  RuleCheck(llvm::StringRef name, ClangTidyContext *context, const RuleEntry &entry)
      : ClangTidyCheck(name, context), entry_(entry), context_(*context),
        rule_(entry.create(RuleEnvironment{entry.info, *this, *this, this})) {}

  bool isLanguageVersionSupported(const clang::LangOptions &lang) const override {
    return rule_->isLanguageVersionSupported(lang);
  }
  void registerMatchers(clang::ast_matchers::MatchFinder *finder) override {
    rule_->registerMatchers(*finder, *this);
  }
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override {
    rule_->setContext(*result.Context);
    rule_->check(result);
  }
  void onStartOfTranslationUnit() override { rule_->onStartOfTranslationUnit(); }
  void onEndOfTranslationUnit() override { rule_->onEndOfTranslationUnit(); }

  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &map) override {
    for (const RuleOption &option : entry_.info.options)
      Options.store(map, option.name, get(option.name).value_or(std::string(option.defaultValue)));
  }

private:
  std::optional<std::string> get(llvm::StringRef localName) const override {
    if (std::optional<llvm::StringRef> value = Options.get(localName))
      return value->str();
    return std::nullopt;
  }
  std::optional<std::string> getLocalOrGlobal(llvm::StringRef localName) const override {
    if (std::optional<llvm::StringRef> value = Options.getLocalOrGlobal(localName))
      return value->str();
    return std::nullopt;
  }

  void report(const Finding &finding) override {
    auto level = entry_.info.severity == Severity::Error ? clang::DiagnosticIDs::Error
                                                         : clang::DiagnosticIDs::Warning;
    {
      auto builder = diag(finding.location, "%0", level) << finding.message;
      if (finding.range.isValid())
        builder << finding.range;
      for (const clang::FixItHint &hint : finding.fixes)
        builder << hint;
    }
    for (const Finding::Note &note : finding.notes)
      diag(note.location, "%0", clang::DiagnosticIDs::Note) << note.message;
  }

  bool isEnabled(llvm::StringRef ruleId) const override {
    return context_.isCheckEnabled(ruleId);
  }

  const RuleEntry &entry_;
  ClangTidyContext &context_;
  std::unique_ptr<Rule> rule_;
};

class ThreadlintModule : public clang::tidy::ClangTidyModule {
public:
  void addCheckFactories(clang::tidy::ClangTidyCheckFactories &factories) override {
    for (const RuleEntry &entry : allRules())
      factories.registerCheckFactory(
          entry.info.id, [&entry](llvm::StringRef name, ClangTidyContext *context) {
            return std::make_unique<RuleCheck>(name, context, entry);
          });
  }
};

} // namespace
} // namespace threadlint::tidy

static clang::tidy::ClangTidyModuleRegistry::Add<threadlint::tidy::ThreadlintModule>
    threadlintModule("threadlint-module", "threadlint: concurrency design checks");
