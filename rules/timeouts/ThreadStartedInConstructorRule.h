#pragma once

#include "engine/Rule.h"
#include "engine/Vocabulary.h"

namespace clang {
class Expr;
} // namespace clang

namespace threadlint::timeouts {

/// Flags a constructor that starts a thread running on `this` before the
/// object is fully constructed.
class ThreadStartedInConstructorRule : public Rule {
public:
  static RuleInfo describe();
  explicit ThreadStartedInConstructorRule(const RuleEnvironment &environment);

  void registerMatchers(clang::ast_matchers::MatchFinder &finder,
                        clang::ast_matchers::MatchFinder::MatchCallback &callback) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

private:
  /// A thread construction (or emplace into a thread container) whose
  /// callable captures or is passed `this`.
  bool startsThreadOnThis(const clang::Expr &expression) const;

  ConcurrencyVocabulary vocabulary_;
};

} // namespace threadlint::timeouts
