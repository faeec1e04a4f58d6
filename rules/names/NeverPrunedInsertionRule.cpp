#include "rules/names/NeverPrunedInsertionRule.h"

#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"

namespace threadlint::names {
using namespace clang::ast_matchers;

NeverPrunedInsertionRule::NeverPrunedInsertionRule(const RuleEnvironment &environment)
    : Rule(environment), vocabulary_(environment.options) {}

void NeverPrunedInsertionRule::registerMatchers(MatchFinder &finder,
                                                MatchFinder::MatchCallback &callback) {
  pruning_.registerMatchers(finder, callback);
  finder.addMatcher(callExpr(anyOf(cxxMemberCallExpr(), cxxOperatorCallExpr()),
                             unless(isExpansionInSystemHeader()))
                        .bind("insertion"),
                    &callback);
}

void NeverPrunedInsertionRule::check(const MatchFinder::MatchResult &result) {
  if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("insertion")) {
    std::optional<Insertion> insertion = asInsertion(*call, vocabulary_);
    // Without a named container its pruning cannot be followed, and without
    // a key its constness cannot be told: stay quiet on both.
    if (insertion && insertion->key && insertion->containerDecl &&
        qualifies(*insertion, *result.Context))
      insertions_.push_back(*insertion);
  }
  pruning_.collect(result);
}

void NeverPrunedInsertionRule::onEndOfTranslationUnit() {
  for (const Insertion &insertion : insertions_)
    if (!pruning_.mayBePruned(insertion.containerDecl))
      reportInsertion(insertion);
  insertions_.clear();
  pruning_ = PruningCollector();
}

clang::SourceLocation NeverPrunedInsertionRule::locationOf(const Insertion &insertion) {
  return insertion.call->getExprLoc();
}

} // namespace threadlint::names
