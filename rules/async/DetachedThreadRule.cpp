#include "rules/async/DetachedThreadRule.h"

#include "engine/AstHelpers.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchers.h"

namespace threadlint::async {
using namespace clang::ast_matchers;

namespace {

bool isGetIdCall(const clang::Expr *expression) {
  const auto *call =
      llvm::dyn_cast_or_null<clang::CallExpr>(expression ? expression->IgnoreParenImpCasts() : nullptr);
  const clang::FunctionDecl *callee = call ? call->getDirectCallee() : nullptr;
  return callee && callee->getDeclName().isIdentifier() && callee->getName() == "get_id";
}

bool containsGetIdOf(const clang::Stmt *statement, const clang::ValueDecl *thread) {
  if (!statement)
    return false;
  if (const auto *call = llvm::dyn_cast<clang::CXXMemberCallExpr>(statement))
    if (isGetIdCall(call) && namedDecl(call->getImplicitObjectArgument()) == thread)
      return true;
  return llvm::any_of(statement->children(),
                      [&](const clang::Stmt *child) { return containsGetIdOf(child, thread); });
}

/// The branch of `branch` in which `thread` is the calling thread, when its
/// condition compares `thread.get_id()` with an id: the then-branch for `==`,
/// the else-branch for `!=`. Null otherwise.
const clang::Stmt *selfBranch(const clang::IfStmt &branch, const clang::ValueDecl *thread) {
  if (!branch.getCond()) // `if consteval`
    return nullptr;
  const clang::Expr *condition = branch.getCond()->IgnoreImplicit()->IgnoreParenImpCasts();
  std::optional<bool> equal;
  if (const auto *rewritten = llvm::dyn_cast<clang::CXXRewrittenBinaryOperator>(condition)) {
    // C++20 spells `a != b` as `!(a == b)`.
    clang::BinaryOperatorKind opcode = rewritten->getDecomposedForm().Opcode;
    if (opcode == clang::BO_EQ || opcode == clang::BO_NE)
      equal = opcode == clang::BO_EQ;
  } else if (const auto *binary = llvm::dyn_cast<clang::BinaryOperator>(condition)) {
    if (binary->getOpcode() == clang::BO_EQ || binary->getOpcode() == clang::BO_NE)
      equal = binary->getOpcode() == clang::BO_EQ;
  } else if (const auto *call = llvm::dyn_cast<clang::CXXOperatorCallExpr>(condition)) {
    if (call->getOperator() == clang::OO_EqualEqual || call->getOperator() == clang::OO_ExclaimEqual)
      equal = call->getOperator() == clang::OO_EqualEqual;
  }
  if (!equal || !containsGetIdOf(condition, thread))
    return nullptr;
  return *equal ? branch.getThen() : branch.getElse();
}

bool within(const clang::Stmt *outer, const clang::Stmt *inner) {
  if (!outer)
    return false;
  if (outer == inner)
    return true;
  return llvm::any_of(outer->children(),
                      [&](const clang::Stmt *child) { return within(child, inner); });
}

bool joinsIn(const clang::Stmt *statement, const clang::ValueDecl *thread) {
  if (!statement)
    return false;
  if (const auto *call = llvm::dyn_cast<clang::CXXMemberCallExpr>(statement))
    if (const clang::CXXMethodDecl *method = call->getMethodDecl();
        method && method->getDeclName().isIdentifier() && method->getName() == "join" &&
        namedDecl(call->getImplicitObjectArgument()) == thread)
      return true;
  return llvm::any_of(statement->children(),
                      [&](const clang::Stmt *child) { return joinsIn(child, thread); });
}

/// A detach nobody would change: a thread detaching itself (it cannot join
/// itself; the branch is chosen by comparing its id with the caller's), or
/// one branch of an API that joins the same thread on its other branch
/// (`wait ? t.join() : t.detach()`).
bool isDeliberateDetach(const clang::CXXMemberCallExpr &detach, clang::ASTContext &context) {
  const clang::ValueDecl *thread = namedDecl(detach.getImplicitObjectArgument());
  if (!thread)
    return false;
  clang::DynTypedNodeList parents = context.getParents(detach);
  for (unsigned depth = 0; depth < 16 && !parents.empty(); ++depth) {
    const clang::DynTypedNode &parent = parents[0];
    if (const auto *branch = parent.get<clang::IfStmt>()) {
      if (within(selfBranch(*branch, thread), &detach))
        return true;
      const clang::Stmt *other = within(branch->getThen(), &detach) ? branch->getElse()
                                                                     : branch->getThen();
      if (joinsIn(other, thread))
        return true;
    }
    if (const auto *conditional = parent.get<clang::ConditionalOperator>())
      if (joinsIn(conditional->getTrueExpr(), thread) ||
          joinsIn(conditional->getFalseExpr(), thread))
        return true;
    if (parent.get<clang::FunctionDecl>() || parent.get<clang::LambdaExpr>())
      break;
    parents = context.getParents(parent);
  }
  return false;
}

} // namespace

RuleInfo DetachedThreadRule::describe() {
  RuleInfo info{"threadlint-detached-thread", "async", Severity::Warning,
          "a detached thread runs unsupervised: nobody joins it, sees it fail or stops it",
          {}};
  info.productionCodeOnly = true; // RULES.md: (production code)
  return info;
}

DetachedThreadRule::DetachedThreadRule(const RuleEnvironment &environment)
    : Rule(environment), vocabulary_(environment.options) {}

void DetachedThreadRule::registerMatchers(MatchFinder &finder,
                                          MatchFinder::MatchCallback &callback) {
  finder.addMatcher(vocabulary_.memberCall(ConcurrencyKind::Thread, {"detach"}).bind("detach"),
                    &callback);
  finder.addMatcher(cLibraryCall({"pthread_detach"}).bind("pthread"), &callback);
}

void DetachedThreadRule::check(const MatchFinder::MatchResult &result) {
  if (const auto *call = result.Nodes.getNodeAs<clang::CXXMemberCallExpr>("detach")) {
    if (isDeliberateDetach(*call, *result.Context))
      return;
    std::string name = spelledObjectName(call->getImplicitObjectArgument());
    std::string subject = name.empty() ? "the thread" : "thread '" + name + "'";
    report(calleeNameLocation(*call), "detaching " + subject + " leaves it unsupervised")
        .explain("nobody joins it, an exception in it terminates the process, and it may "
                 "outlive the objects it uses; give it an owner that joins (std::jthread with "
                 "a std::stop_token, or a thread pool)");
    return;
  }
  if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("pthread")) {
    report(calleeNameLocation(*call), "pthread_detach leaves the thread unsupervised")
        .explain("nobody joins it or learns how it ended, and it may outlive the data it uses; "
                 "keep it joinable and join it from an owner (std::jthread, a thread pool)");
  }
}

} // namespace threadlint::async
