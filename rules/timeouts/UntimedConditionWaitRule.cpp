#include "rules/timeouts/UntimedConditionWaitRule.h"

#include "engine/AstHelpers.h"
#include "engine/Blocking.h"

#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"

namespace threadlint::timeouts {
using namespace clang::ast_matchers;

RuleInfo UntimedConditionWaitRule::describe() {
  RuleInfo info{"threadlint-untimed-condition-wait", "timeouts", Severity::Warning,
          "a condition-variable wait without a deadline outside a thread entry",
          {}};
  info.productionCodeOnly = true; // RULES.md: (production code)
  return info;
}

UntimedConditionWaitRule::UntimedConditionWaitRule(const RuleEnvironment &environment)
    : Rule(environment), vocabulary_(environment.options), entries_(vocabulary_) {}

void UntimedConditionWaitRule::registerMatchers(MatchFinder &finder,
                                                MatchFinder::MatchCallback &callback) {
  entries_.registerMatchers(finder, callback);
  finder.addMatcher(cxxMemberCallExpr(callee(cxxMethodDecl(hasName("wait"))),
                                      unless(isExpansionInSystemHeader()))
                        .bind("wait"),
                    &callback);
}

void UntimedConditionWaitRule::check(const MatchFinder::MatchResult &result) {
  context_ = result.Context;
  if (entries_.collect(result))
    return;
  if (const auto *wait = result.Nodes.getNodeAs<clang::CXXMemberCallExpr>("wait"))
    if (isConditionWait(*wait, vocabulary_))
      waits_.push_back(wait);
}

void UntimedConditionWaitRule::onEndOfTranslationUnit() {
  for (const clang::CXXMemberCallExpr *wait : waits_) {
    const clang::FunctionDecl *function = enclosingFunction(*wait, *context_);
    if (!function || entries_.runsOnOwnThread(function) ||
        isConditionWaitWrapper(*function, vocabulary_))
      continue;
    std::string name = spelledObjectName(wait->getImplicitObjectArgument());
    std::string call = (name.empty() ? std::string("wait") : name + ".wait") + "(...)";
    report(calleeNameLocation(*wait),
           "'" + call +
               "' has no deadline: if the notification never comes (a lost wake-up, a "
               "producer that died or stalled) the caller blocks forever; use wait_for or "
               "wait_until with a predicate and handle the timeout");
  }
  waits_.clear();
}

} // namespace threadlint::timeouts
