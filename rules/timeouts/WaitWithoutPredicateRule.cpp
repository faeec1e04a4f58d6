#include "rules/timeouts/WaitWithoutPredicateRule.h"

#include "engine/AstHelpers.h"
#include "engine/Blocking.h"
#include "engine/ThreadEntries.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"

namespace threadlint::timeouts {
using namespace clang::ast_matchers;

namespace {

/// An `if` that leaves the loop (`break` or `return`): the loop re-checks a
/// condition even though its own condition is constant.
bool hasExitCheck(const clang::Stmt *statement) {
  if (!statement || llvm::isa<clang::LambdaExpr>(statement))
    return false;
  if (const auto *ifStmt = llvm::dyn_cast<clang::IfStmt>(statement)) {
    auto leaves = [](const clang::Stmt *branch) {
      std::vector<const clang::Stmt *> pending{branch};
      while (!pending.empty()) {
        const clang::Stmt *current = pending.back();
        pending.pop_back();
        if (!current || llvm::isa<clang::WhileStmt, clang::DoStmt, clang::ForStmt,
                                  clang::CXXForRangeStmt, clang::SwitchStmt, clang::LambdaExpr>(
                            current))
          continue;
        if (llvm::isa<clang::BreakStmt, clang::ReturnStmt>(current))
          return true;
        for (const clang::Stmt *child : current->children())
          pending.push_back(child);
      }
      return false;
    };
    if (leaves(ifStmt->getThen()) || leaves(ifStmt->getElse()))
      return true;
  }
  for (const clang::Stmt *child : statement->children())
    if (!llvm::isa_and_nonnull<clang::WhileStmt, clang::DoStmt, clang::ForStmt>(child) &&
        hasExitCheck(child))
      return true;
  return false;
}

} // namespace

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
  if (!wait || !isConditionWait(*wait, vocabulary_))
    return;
  const clang::FunctionDecl *function = enclosingFunction(*wait, *result.Context);
  if (function && isConditionWaitWrapper(*function, vocabulary_))
    return;
  if (const clang::Stmt *loop = enclosingLoopBody(*wait, *result.Context)) {
    if (!isInfiniteLoop(*loop, *result.Context) || hasExitCheck(loopBody(*loop)))
      return;
  }
  std::string name = spelledObjectName(wait->getImplicitObjectArgument());
  report(calleeNameLocation(*wait),
         "'" + (name.empty() ? std::string("wait") : name + ".wait") +
             "(lock)' without a predicate returns on spurious wake-ups and misses a "
             "notification sent before it began waiting; pass the condition as a predicate "
             "(wait(lock, [&] { return ready; })) or re-check it in a loop");
}

} // namespace threadlint::timeouts
