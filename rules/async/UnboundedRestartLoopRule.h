#pragma once

#include "engine/Rule.h"
#include "engine/Vocabulary.h"

namespace threadlint::async {

/// Flags an infinite loop that catches a failure and retries at once, with
/// nothing that waits between attempts: a persistent failure spins the thread.
class UnboundedRestartLoopRule : public Rule {
public:
  static RuleInfo describe();
  explicit UnboundedRestartLoopRule(const RuleEnvironment &environment);

  void registerMatchers(clang::ast_matchers::MatchFinder &finder,
                        clang::ast_matchers::MatchFinder::MatchCallback &callback) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

private:
  ConcurrencyVocabulary vocabulary_;
};

} // namespace threadlint::async
