#pragma once

#include "engine/Rule.h"
#include "engine/Vocabulary.h"

namespace threadlint::timeouts {

/// Flags `cv.wait(lock)` without a predicate outside a loop that re-checks
/// the condition: spurious and lost wake-ups.
class WaitWithoutPredicateRule : public Rule {
public:
  static RuleInfo describe();
  explicit WaitWithoutPredicateRule(const RuleEnvironment &environment);

  void registerMatchers(clang::ast_matchers::MatchFinder &finder,
                        clang::ast_matchers::MatchFinder::MatchCallback &callback) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

private:
  ConcurrencyVocabulary vocabulary_;
};

} // namespace threadlint::timeouts
