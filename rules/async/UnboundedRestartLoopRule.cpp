#include "rules/async/UnboundedRestartLoopRule.h"

#include "engine/AstHelpers.h"
#include "engine/Blocking.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"

namespace threadlint::async {
using namespace clang::ast_matchers;

namespace {

/// The try statements of a loop body that belong to this loop: not inside a
/// lambda, and not inside a nested loop (which has its own verdict).
void collectTries(const clang::Stmt &statement, std::vector<const clang::CXXTryStmt *> &tries) {
  if (llvm::isa<clang::LambdaExpr, clang::WhileStmt, clang::DoStmt, clang::ForStmt,
                clang::CXXForRangeStmt>(statement))
    return;
  if (const auto *tryStmt = llvm::dyn_cast<clang::CXXTryStmt>(&statement))
    tries.push_back(tryStmt);
  for (const clang::Stmt *child : statement.children())
    if (child)
      collectTries(*child, tries);
}

bool callsNoReturn(const clang::CallExpr &call) {
  const clang::FunctionDecl *callee = call.getDirectCallee();
  return callee && (callee->isNoReturn() || callee->hasAttr<clang::NoReturnAttr>());
}

/// Whether running `statement` leaves the enclosing loop. A `break` counts
/// only when it is not captured by a loop or switch inside the handler.
bool leavesLoop(const clang::Stmt &statement, bool breakLeaves) {
  if (llvm::isa<clang::LambdaExpr>(statement))
    return false;
  if (llvm::isa<clang::ReturnStmt, clang::CXXThrowExpr, clang::GotoStmt, clang::CoreturnStmt>(
          statement))
    return true;
  if (llvm::isa<clang::BreakStmt>(statement))
    return breakLeaves;
  if (const auto *call = llvm::dyn_cast<clang::CallExpr>(&statement); call && callsNoReturn(*call))
    return true;
  bool nestedBreakTarget = llvm::isa<clang::WhileStmt, clang::DoStmt, clang::ForStmt,
                                     clang::CXXForRangeStmt, clang::SwitchStmt>(statement);
  for (const clang::Stmt *child : statement.children())
    if (child && leavesLoop(*child, breakLeaves && !nestedBreakTarget))
      return true;
  return false;
}

} // namespace

RuleInfo UnboundedRestartLoopRule::describe() {
  return {"threadlint-unbounded-restart-loop", "async", Severity::Warning,
          "an infinite loop that swallows failures and retries at once, with no backoff",
          {}};
}

UnboundedRestartLoopRule::UnboundedRestartLoopRule(const RuleEnvironment &environment)
    : Rule(environment), vocabulary_(environment.options) {}

void UnboundedRestartLoopRule::registerMatchers(MatchFinder &finder,
                                                MatchFinder::MatchCallback &callback) {
  finder.addMatcher(stmt(anyOf(whileStmt(), doStmt(), forStmt()),
                         hasDescendant(cxxTryStmt()), unless(isExpansionInSystemHeader()))
                        .bind("loop"),
                    &callback);
}

void UnboundedRestartLoopRule::check(const MatchFinder::MatchResult &result) {
  const auto *loop = result.Nodes.getNodeAs<clang::Stmt>("loop");
  if (!loop || !isInfiniteLoop(*loop, *result.Context))
    return;
  const clang::Stmt *body = loopBody(*loop);
  if (!body)
    return;

  std::vector<const clang::CXXTryStmt *> tries;
  collectTries(*body, tries);
  const clang::CXXCatchStmt *swallowing = nullptr;
  for (const clang::CXXTryStmt *tryStmt : tries) {
    for (unsigned index = 0; index < tryStmt->getNumHandlers() && !swallowing; ++index) {
      const clang::CXXCatchStmt *handler = tryStmt->getHandler(index);
      const clang::Stmt *handlerBody = handler->getHandlerBlock();
      if (!handlerBody || leavesLoop(*handlerBody, /*breakLeaves=*/true) ||
          containsWait(*handlerBody, vocabulary_))
        continue;
      swallowing = handler;
    }
  }
  if (!swallowing || containsWait(*body, vocabulary_))
    return;
  report(loop->getBeginLoc(), "this loop retries a failure forever without pausing")
      .explain("when the failure persists, the handler swallows it and the loop spins this "
               "thread at full speed; bound the retries and back off between attempts, or give "
               "up and report the failure")
      .note(swallowing->getCatchLoc(), "the failure is caught here and the loop starts over");
}

} // namespace threadlint::async
