#include "rules/timeouts/WaitWithoutPredicateRule.h"

#include "engine/AstHelpers.h"
#include "engine/Blocking.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"

namespace threadlint::timeouts {
using namespace clang::ast_matchers;


RuleInfo WaitWithoutPredicateRule::describe() {
  return {"threadlint-wait-without-predicate", "timeouts", Severity::Warning,
          "cv.wait(lock) without a predicate or a re-checking loop: spurious and lost wake-ups",
          {}};
}

WaitWithoutPredicateRule::WaitWithoutPredicateRule(const RuleEnvironment &environment)
    : Rule(environment), vocabulary_(environment.options) {}

void WaitWithoutPredicateRule::registerMatchers(MatchFinder &finder,
                                                MatchFinder::MatchCallback &callback) {
  finder.addMatcher(cxxMemberCallExpr(callee(cxxMethodDecl(hasName("wait"))), argumentCountIs(1),
                                      unless(isExpansionInSystemHeader()))
                        .bind("wait"),
                    &callback);
}

void WaitWithoutPredicateRule::check(const MatchFinder::MatchResult &result) {
  const auto *wait = result.Nodes.getNodeAs<clang::CXXMemberCallExpr>("wait");
  if (!wait || !missesWakeUps(*wait, vocabulary_, *result.Context))
    return;
  std::string name = spelledObjectName(wait->getImplicitObjectArgument());
  report(calleeNameLocation(*wait), "'" + (name.empty() ? std::string("wait") : name + ".wait") +
                                        "(lock)' has no predicate and no loop re-checking one")
      .explain("it returns on spurious wake-ups and misses a notification sent before it began "
               "waiting; pass the condition as a predicate (wait(lock, [&] { return ready; })) "
               "or re-check it in a loop");
}

} // namespace threadlint::timeouts
