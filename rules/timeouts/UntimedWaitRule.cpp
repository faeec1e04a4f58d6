#include "rules/timeouts/UntimedWaitRule.h"

#include "engine/AstHelpers.h"
#include "engine/DeadlineShapes.h"
#include "engine/Locks.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Analysis/Analyses/Dominators.h"
#include "clang/Analysis/CFG.h"

namespace threadlint::timeouts {
using namespace clang::ast_matchers;

namespace {

/// What the wait is on: the variable or data member, or null for anything
/// else (a temporary has no earlier wait).
const clang::ValueDecl *waitedObject(const clang::CXXMemberCallExpr &call) {
  const clang::Expr *object = call.getImplicitObjectArgument();
  if (!object)
    return nullptr;
  object = object->IgnoreParenImpCasts();
  if (const auto *reference = llvm::dyn_cast<clang::DeclRefExpr>(object))
    return reference->getDecl();
  if (const auto *member = llvm::dyn_cast<clang::MemberExpr>(object))
    return member->getMemberDecl();
  return nullptr;
}

} // namespace

RuleInfo UntimedWaitRule::describe() {
  RuleInfo info{"threadlint-untimed-wait", "timeouts", Severity::Warning,
          "a future get()/wait() or semaphore acquire() with no deadline where one is owed: "
          "an ignored deadline parameter, a synchronous call to another thread, a destructor",
          {{"Strict", "false",
            "report every untimed wait outside thread entries, main and test code (a review "
            "aid)"}}};
  info.productionCodeOnly = true; // RULES.md: (production code)
  return info;
}

UntimedWaitRule::UntimedWaitRule(const RuleEnvironment &environment)
    : Rule(environment), vocabulary_(environment.options), entries_(vocabulary_),
      strict_(environment.options.get("Strict").value_or("false") == "true") {}

void UntimedWaitRule::registerMatchers(MatchFinder &finder, MatchFinder::MatchCallback &callback) {
  entries_.registerMatchers(finder, callback);
  auto future = vocabulary_.memberCall(ConcurrencyKind::Future,
                                       {"get", "wait", "wait_for", "wait_until"});
  auto semaphore = vocabulary_.memberCall(ConcurrencyKind::Semaphore,
                                          {"acquire", "try_acquire_for", "try_acquire_until"});
  finder.addMatcher(
      cxxMemberCallExpr(anyOf(future, semaphore), unless(isExpansionInSystemHeader())).bind("wait"),
      &callback);
}

void UntimedWaitRule::check(const MatchFinder::MatchResult &result) {
  context_ = result.Context;
  if (entries_.collect(result))
    return;
  const auto *call = result.Nodes.getNodeAs<clang::CXXMemberCallExpr>("wait");
  if (!call || !call->getMethodDecl())
    return;
  const clang::FunctionDecl *function =
      enclosingFunction(*call, *result.Context, /*toPattern=*/false);
  if (!function || function->isMain())
    return;
  llvm::StringRef name = call->getMethodDecl()->getName();
  bool timed = name.ends_with("_for") || name.ends_with("_until");
  waitsByFunction_[function].push_back({call, timed});
}

void UntimedWaitRule::onEndOfTranslationUnit() {
  for (const auto &[function, waits] : waitsByFunction_)
    if (!entries_.runsOnOwnThread(function))
      checkFunction(*function, waits);
  waitsByFunction_.clear();
}

void UntimedWaitRule::checkFunction(const clang::FunctionDecl &function,
                                    const std::vector<Wait> &waits) {
  // Path-sensitive: a timed wait whose result is used covers an untimed one
  // only if it dominates it in the control-flow graph.
  std::unique_ptr<clang::CFG> cfg;
  std::unique_ptr<clang::CFGDomTree> dominators;
  llvm::DenseMap<const clang::Stmt *, std::pair<const clang::CFGBlock *, unsigned>> positions;
  auto ensureGraph = [&]() -> bool {
    if (cfg)
      return true;
    clang::CFG::BuildOptions options;
    options.setAllAlwaysAdd();
    cfg = clang::CFG::buildCFG(&function, function.getBody(), context_, options);
    if (!cfg)
      return false;
    dominators = std::make_unique<clang::CFGDomTree>(cfg.get());
    for (const clang::CFGBlock *block : *cfg) {
      unsigned index = 0;
      for (const clang::CFGElement &element : *block) {
        if (std::optional<clang::CFGStmt> statement = element.getAs<clang::CFGStmt>())
          positions.try_emplace(statement->getStmt(), block, index);
        ++index;
      }
    }
    return true;
  };

  for (const Wait &wait : waits) {
    if (wait.timed)
      continue;
    const clang::ValueDecl *object = waitedObject(*wait.call);
    bool hasCandidate = object && llvm::any_of(waits, [&](const Wait &other) {
                          return other.timed && waitedObject(*other.call) == object;
                        });
    if (hasCandidate) {
      if (!ensureGraph())
        continue; // no graph: unsure, so quiet
      auto site = positions.find(wait.call);
      if (site == positions.end())
        continue;
      bool covered = llvm::any_of(waits, [&](const Wait &other) {
        if (!other.timed || waitedObject(*other.call) != object ||
            isValueDiscarded(*other.call, *context_))
          return false;
        auto timed = positions.find(other.call);
        if (timed == positions.end())
          return false;
        if (timed->second.first == site->second.first)
          return timed->second.second < site->second.second;
        return dominators->dominates(timed->second.first, site->second.first);
      });
      if (covered)
        continue;
    }
    reportIfOwed(*wait.call, function);
  }
}

void UntimedWaitRule::reportIfOwed(const clang::CXXMemberCallExpr &wait,
                                   const clang::FunctionDecl &function) {
  // One finding per call: blocking-under-lock is the more specific.
  if (isRuleEnabled("threadlint-blocking-under-lock") &&
      waitsHoldingALock(wait, function, vocabulary_, *context_))
    return;
  std::string name = spelledObjectName(wait.getImplicitObjectArgument());
  std::string call = (name.empty() ? std::string() : name + ".") +
                     wait.getMethodDecl()->getNameAsString() + "()";
  clang::QualType objectType = wait.getImplicitObjectArgument()->IgnoreParenImpCasts()->getType();
  if (objectType->isPointerType())
    objectType = objectType->getPointeeType();
  bool isFuture = vocabulary_.typeIs(objectType, ConcurrencyKind::Future);
  std::string fix = isFuture ? "wait_for/wait_until" : "try_acquire_for/try_acquire_until";
  std::string consequence = isFuture ? "if the producer hangs or never delivers"
                                     : "if the permit is never released";
  std::string note = consequence + ", this caller blocks forever; wait with a deadline (" + fix +
                     ") and handle the timeout";

  if (strict_) {
    report(calleeNameLocation(wait), "'" + call + "' waits with no deadline")
        .explain(note);
    return;
  }
  DeadlineAnalysis deadlines(vocabulary_, entries_, *context_);
  if (isFuture && deadlines.awaitsAsyncResult(wait, function))
    return; // the future's destructor blocks anyway: a deadline cannot free it
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
    message = "'" + call + "' waits with no deadline for '" + owed->subject +
              "', handed to another thread";
    break;
  case DeadlineShape::WaitingDestructor:
    message = "'" + call + "' waits with no deadline in destructor '" + owed->subject + "'";
    note = "if the other thread hangs, destroying this object hangs; wait with a deadline (" +
           fix + ") and handle the timeout";
    break;
  }
  report(calleeNameLocation(wait), message).explain(note);
}

} // namespace threadlint::timeouts
