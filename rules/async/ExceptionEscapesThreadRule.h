#pragma once

#include "engine/Rule.h"
#include "engine/ThreadEntries.h"
#include "engine/Vocabulary.h"

#include <string>
#include <vector>

namespace clang {
class ASTContext;
class Expr;
class ValueDecl;
} // namespace clang

namespace threadlint::async {

/// Flags a `throw`, or a call known to throw, directly in a thread entry and
/// not caught there: an exception escaping a thread calls std::terminate.
class ExceptionEscapesThreadRule : public Rule {
public:
  static RuleInfo describe();
  explicit ExceptionEscapesThreadRule(const RuleEnvironment &environment);

  void registerMatchers(clang::ast_matchers::MatchFinder &finder,
                        clang::ast_matchers::MatchFinder::MatchCallback &callback) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;
  void onEndOfTranslationUnit() override;

private:
  /// A place that throws, with what it throws.
  struct ThrowSite {
    const clang::Expr *expression;
    clang::SourceLocation location;
    std::string what;
    /// Classes any of which, caught, stops every exception the site throws;
    /// empty for a `throw` expression (its type decides).
    std::vector<std::vector<std::string>> catchableAs;
    /// The optional or variant a guard can prove holds a value
    /// (`if (start) start.value()`): such a site cannot throw.
    const clang::ValueDecl *accessedObject = nullptr;
  };

  ConcurrencyVocabulary vocabulary_;
  ThreadEntryCollector entries_;
  std::vector<std::string> extraThrowingFunctions_;
  std::vector<ThrowSite> sites_;
  clang::ASTContext *context_ = nullptr;
};

} // namespace threadlint::async
