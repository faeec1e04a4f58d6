#pragma once

#include "engine/Rule.h"

namespace threadlint::async {

/// Flags `std::async(...)` whose future is thrown away: the temporary
/// future's destructor waits, so the "asynchronous" call runs synchronously.
class DiscardedAsyncRule : public Rule {
public:
  static RuleInfo describe();
  using Rule::Rule;

  void registerMatchers(clang::ast_matchers::MatchFinder &finder,
                        clang::ast_matchers::MatchFinder::MatchCallback &callback) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;
};

} // namespace threadlint::async
