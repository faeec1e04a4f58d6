#pragma once

#include "engine/Rule.h"
#include "engine/Vocabulary.h"

namespace threadlint::async {

/// Flags `std::thread::detach()`, `std::jthread::detach()` and
/// `pthread_detach`: work nobody owns, joins or hears fail.
class DetachedThreadRule : public Rule {
public:
  static RuleInfo describe();
  explicit DetachedThreadRule(const RuleEnvironment &environment);

  void registerMatchers(clang::ast_matchers::MatchFinder &finder,
                        clang::ast_matchers::MatchFinder::MatchCallback &callback) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

private:
  ConcurrencyVocabulary vocabulary_;
};

} // namespace threadlint::async
