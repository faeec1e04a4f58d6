#pragma once

#include "engine/Rule.h"

namespace threadlint::async {

/// Flags `std::async` without `std::launch::async` (or with the default
/// `async | deferred`): the task may be deferred and never run concurrently.
class AsyncLaunchPolicyRule : public Rule {
public:
  static RuleInfo describe();
  using Rule::Rule;

  void registerMatchers(clang::ast_matchers::MatchFinder &finder,
                        clang::ast_matchers::MatchFinder::MatchCallback &callback) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;
};

} // namespace threadlint::async
