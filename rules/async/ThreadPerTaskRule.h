#pragma once

#include "engine/Rule.h"
#include "engine/Vocabulary.h"

namespace threadlint::async {

/// Flags a thread started with a callable inside an event loop (`while`, `do`,
/// or `for` without a condition): one thread per task, unbounded.
class ThreadPerTaskRule : public Rule {
public:
  static RuleInfo describe();
  explicit ThreadPerTaskRule(const RuleEnvironment &environment);

  void registerMatchers(clang::ast_matchers::MatchFinder &finder,
                        clang::ast_matchers::MatchFinder::MatchCallback &callback) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

private:
  ConcurrencyVocabulary vocabulary_;
};

} // namespace threadlint::async
