#include "rules/timeouts/UntimedConditionWaitRule.h"

#include "engine/AstHelpers.h"
#include "engine/Blocking.h"
#include "engine/DeadlineShapes.h"
#include "engine/Locks.h"

#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"

namespace threadlint::timeouts {
using namespace clang::ast_matchers;

RuleInfo UntimedConditionWaitRule::describe() {
  RuleInfo info{"threadlint-untimed-condition-wait", "timeouts", Severity::Warning,
          "a condition-variable wait without a deadline where one is owed: an ignored deadline "
          "parameter, waiting for work handed to another thread, a destructor",
          {{"Strict", "false",
            "report every untimed condition wait outside thread entries, wrappers, main and "
            "test code (a review aid)"}}};
  info.productionCodeOnly = true; // RULES.md: (production code)
  return info;
}

UntimedConditionWaitRule::UntimedConditionWaitRule(const RuleEnvironment &environment)
    : Rule(environment), vocabulary_(environment.options), entries_(vocabulary_),
      strict_(environment.options.get("Strict").value_or("false") == "true") {}

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
    const clang::FunctionDecl *function = enclosingFunction(*wait, *context_, /*toPattern=*/false);
    if (!function || function->isMain() || entries_.runsOnOwnThread(function) ||
        isConditionWaitWrapper(*function, vocabulary_))
      continue;
    // One finding per call: the more specific rules report it.
    if (isRuleEnabled("threadlint-wait-without-predicate") &&
        missesWakeUps(*wait, vocabulary_, *context_))
      continue;
    if (isRuleEnabled("threadlint-blocking-under-lock") &&
        waitsHoldingALock(*wait, *function, vocabulary_, *context_))
      continue;
    reportIfOwed(*wait, *function);
  }
  waits_.clear();
}

void UntimedConditionWaitRule::reportIfOwed(const clang::CXXMemberCallExpr &wait,
                                            const clang::FunctionDecl &function) {
  std::string name = spelledObjectName(wait.getImplicitObjectArgument());
  std::string call = (name.empty() ? std::string("wait") : name + ".wait") + "(...)";
  std::string note = "if the notification never comes (a lost wake-up, a worker that died or "
                     "stalled), the caller blocks forever; use wait_for or wait_until with a "
                     "predicate and handle the timeout";
  if (strict_) {
    report(calleeNameLocation(wait), "'" + call + "' waits with no deadline")
        .explain(note);
    return;
  }
  DeadlineAnalysis deadlines(vocabulary_, entries_, *context_);
  std::optional<OwedDeadline> owed = deadlines.owedBy(wait, function);
  if (!owed)
    return;
  if (owed->shape != DeadlineShape::IgnoredDeadline && deadlines.classOffersTimedWait(wait, function))
    return; // a deliberate API beside its timed variant
  std::string message;
  switch (owed->shape) {
  case DeadlineShape::IgnoredDeadline:
    message = "'" + call + "' ignores the deadline '" + owed->subject + "' this function is given";
    break;
  case DeadlineShape::SynchronousCall:
    message = "'" + call + "' waits with no deadline for work handed over through '" +
              owed->subject + "'";
    break;
  case DeadlineShape::WaitingDestructor:
    message = "'" + call + "' waits with no deadline in destructor '" + owed->subject + "'";
    note = "if a worker never signals, destroying this object hangs; use wait_for or wait_until "
           "with a predicate and handle the timeout";
    break;
  }
  report(calleeNameLocation(wait), message).explain(note);
}

} // namespace threadlint::timeouts
