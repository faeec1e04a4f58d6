// The rule interface every threadlint rule implements. A rule never knows
// which front end runs it: the CLI, the clang-tidy plugin and the editor server
// each give it an options source and a reporter.
#pragma once

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceLocation.h"
#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/StringRef.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace threadlint {

enum class Severity { Note, Warning, Error };
std::string_view severityName(Severity severity);

struct RuleOption {
  std::string_view name;
  std::string_view defaultValue;
  std::string_view description;
};

struct RuleInfo {
  std::string_view id;
  std::string_view family;
  Severity severity = Severity::Warning;
  std::string_view summary;
  std::vector<RuleOption> options;
  /// RULES.md's "(production code)": quiet in test code (TestCode.h) unless
  /// the option IncludeTestCode is true. Such a rule also takes the options
  /// IncludeTestCode and TestFileRegex (makeRuleEntry adds them).
  bool productionCodeOnly = false;
};

/// Where a rule reads its options. `get` looks up `<check-id>.<name>`,
/// `getLocalOrGlobal` falls back to the bare `<name>` shared by every rule,
/// exactly like clang-tidy's OptionsView.
class RuleOptions {
public:
  virtual ~RuleOptions() = default;
  virtual std::optional<std::string> get(llvm::StringRef localName) const = 0;
  virtual std::optional<std::string>
  getLocalOrGlobal(llvm::StringRef localName) const = 0;

  unsigned getUnsigned(llvm::StringRef localName, unsigned fallback) const;
  /// A semicolon-separated list, clang-tidy's convention for list options.
  std::vector<std::string> getList(llvm::StringRef localName,
                                   bool localOrGlobal = false) const;
};

/// One finding as a rule states it, in terms of the translation unit.
struct Finding {
  struct Note {
    clang::SourceLocation location;
    std::string message;
  };
  clang::SourceLocation location;
  clang::SourceRange range;
  std::string message;
  std::vector<Note> notes;
  std::vector<clang::FixItHint> fixes;
};

class RuleReporter {
public:
  virtual ~RuleReporter() = default;
  virtual void report(const Finding &finding) = 0;
};

/// Which rules run in the same analysis. RULES.md's "one finding per call":
/// a less specific rule stays quiet on a call that a more specific rule, if
/// it runs, reports.
class EnabledRules {
public:
  virtual ~EnabledRules() = default;
  virtual bool isEnabled(llvm::StringRef ruleId) const = 0;
};

struct RuleEnvironment {
  const RuleInfo &info;
  const RuleOptions &options;
  RuleReporter &reporter;
  /// Null when the front end cannot tell: then every other rule counts as
  /// off, and the rule reports on its own.
  const EnabledRules *enabledRules = nullptr;
};

class Rule;

/// Builds a finding and hands it to the reporter when it goes out of scope,
/// in the manner of clang's DiagnosticBuilder.
class FindingBuilder {
public:
  /// With no reporter, the finding is dropped (a production-code rule in
  /// test code).
  FindingBuilder(RuleReporter *reporter, clang::SourceLocation location,
                 std::string message);
  FindingBuilder(const FindingBuilder &) = delete;
  FindingBuilder &operator=(const FindingBuilder &) = delete;
  ~FindingBuilder();

  FindingBuilder &range(clang::SourceRange range);
  FindingBuilder &note(clang::SourceLocation location, std::string message);
  /// The consequence and the fix, as a note at the finding's own location
  /// (RULES.md: the warning line stays short; the explanation follows it).
  FindingBuilder &explain(std::string message);
  FindingBuilder &fix(clang::FixItHint hint);

private:
  RuleReporter *reporter_;
  Finding finding_;
};

class TestCodeFilter;

class Rule {
public:
  explicit Rule(const RuleEnvironment &environment);
  virtual ~Rule();

  /// Declares what to look at. Every matcher is added with `callback`, which
  /// routes matches back to `check`.
  virtual void
  registerMatchers(clang::ast_matchers::MatchFinder &finder,
                   clang::ast_matchers::MatchFinder::MatchCallback &callback) = 0;
  /// Decides and reports.
  virtual void check(const clang::ast_matchers::MatchFinder::MatchResult &result) = 0;
  virtual void onStartOfTranslationUnit() {}
  virtual void onEndOfTranslationUnit() {}
  virtual bool isLanguageVersionSupported(const clang::LangOptions &lang) const;

  const RuleInfo &info() const { return info_; }

  /// Every front end calls this before each `check`: the translation unit
  /// the matches come from (where test code is looked up).
  void setContext(clang::ASTContext &context) { context_ = &context; }

protected:
  /// Reports, unless the rule is for production code and `location` is in
  /// test code.
  FindingBuilder report(clang::SourceLocation location, std::string message);
  const RuleOptions &options() const { return options_; }
  /// Whether another rule runs alongside this one.
  bool isRuleEnabled(llvm::StringRef ruleId) const {
    return enabledRules_ && enabledRules_->isEnabled(ruleId);
  }

private:
  bool isQuietAt(clang::SourceLocation location);

  const RuleInfo &info_;
  const RuleOptions &options_;
  RuleReporter &reporter_;
  const EnabledRules *enabledRules_;
  clang::ASTContext *context_ = nullptr;
  /// Built on the first report a production-code rule makes in a
  /// translation unit.
  std::unique_ptr<TestCodeFilter> testCode_;
};

using RuleFactory = std::unique_ptr<Rule> (*)(const RuleEnvironment &);

struct RuleEntry {
  RuleInfo info;
  RuleFactory create;
};

/// RULES.md: a warning is at most this many characters.
inline constexpr std::size_t MaximumWarningLength = 100;

/// Keeps a warning within `limit` characters by eliding the middle of its
/// longest quoted names ('this->shutdown_do...ne_.wait()'), longest first,
/// never below a dozen characters each; the sentence around them stays whole.
std::string fitWarning(std::string message, std::size_t limit = MaximumWarningLength);

/// Adds the test-code options to a production-code rule's description.
RuleInfo withTestCodeOptions(RuleInfo info);

template <typename RuleType> RuleEntry makeRuleEntry() {
  return RuleEntry{withTestCodeOptions(RuleType::describe()),
                   [](const RuleEnvironment &environment) -> std::unique_ptr<Rule> {
                     return std::make_unique<RuleType>(environment);
                   }};
}

} // namespace threadlint
