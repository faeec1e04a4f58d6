#include "rules/bottleneck/BlockingUnderLockRule.h"

#include "engine/AstHelpers.h"
#include "engine/Blocking.h"
#include "engine/Locks.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"

namespace threadlint::bottleneck {
using namespace clang::ast_matchers;

namespace {

/// A write to a data member or to a variable of static storage duration.
bool writesSharedState(const clang::Stmt *statement) {
  if (!statement || llvm::isa<clang::LambdaExpr>(statement))
    return false;
  auto isSharedTarget = [](const clang::Expr *target) {
    target = target->IgnoreParenImpCasts();
    while (const auto *subscript = llvm::dyn_cast<clang::ArraySubscriptExpr>(target))
      target = subscript->getBase()->IgnoreParenImpCasts();
    if (llvm::isa<clang::MemberExpr>(target))
      return true;
    if (const auto *reference = llvm::dyn_cast<clang::DeclRefExpr>(target))
      if (const auto *variable = llvm::dyn_cast<clang::VarDecl>(reference->getDecl()))
        return variable->hasGlobalStorage();
    return false;
  };
  if (const auto *binary = llvm::dyn_cast<clang::BinaryOperator>(statement))
    if (binary->isAssignmentOp() && isSharedTarget(binary->getLHS()))
      return true;
  if (const auto *unary = llvm::dyn_cast<clang::UnaryOperator>(statement))
    if (unary->isIncrementDecrementOp() && isSharedTarget(unary->getSubExpr()))
      return true;
  if (const auto *call = llvm::dyn_cast<clang::CXXOperatorCallExpr>(statement))
    if (call->getNumArgs() > 0 && (call->isAssignmentOp() ||
                                   call->getOperator() == clang::OO_PlusPlus ||
                                   call->getOperator() == clang::OO_MinusMinus ||
                                   call->getOperator() == clang::OO_Subscript) &&
        isSharedTarget(call->getArg(0)))
      return true;
  // A non-const call on a member object writes it; through a member
  // pointer it writes the pointee, which is not the object's own data.
  if (const auto *call = llvm::dyn_cast<clang::CXXMemberCallExpr>(statement))
    if (const clang::CXXMethodDecl *method = call->getMethodDecl();
        method && !method->isConst() && call->getImplicitObjectArgument() &&
        !call->getImplicitObjectArgument()->getType()->isPointerType() &&
        isSharedTarget(call->getImplicitObjectArgument()))
      return true;
  for (const clang::Stmt *child : statement->children())
    if (writesSharedState(child))
      return true;
  return false;
}

bool containsIo(const clang::Stmt *statement, const ConcurrencyVocabulary &vocabulary) {
  if (!statement || llvm::isa<clang::LambdaExpr>(statement))
    return false;
  if (const auto *expression = llvm::dyn_cast<clang::Expr>(statement))
    if (std::optional<BlockingCall> blocking = classifyBlockingCall(*expression, vocabulary);
        blocking && blocking->kind == BlockingKind::Io)
      return true;
  for (const clang::Stmt *child : statement->children())
    if (containsIo(child, vocabulary))
      return true;
  return false;
}

} // namespace

RuleInfo BlockingUnderLockRule::describe() {
  RuleInfo info{"threadlint-blocking-under-lock", "bottleneck", Severity::Warning,
          "a blocking call made while a lock is held: every thread that needs it waits too",
          {{"BlockingFunctions", "",
            "semicolon-separated qualified names of further functions that block"}}};
  info.productionCodeOnly = true; // RULES.md: (production code)
  return info;
}

BlockingUnderLockRule::BlockingUnderLockRule(const RuleEnvironment &environment)
    : Rule(environment), vocabulary_(environment.options),
      extraBlockingFunctions_(environment.options.getList("BlockingFunctions")) {}

void BlockingUnderLockRule::registerMatchers(MatchFinder &finder,
                                             MatchFinder::MatchCallback &callback) {
  finder.addMatcher(
      functionDecl(isDefinition(), hasBody(compoundStmt()), unless(isExpansionInSystemHeader()))
          .bind("function"),
      &callback);
  finder.addMatcher(lambdaExpr(unless(isExpansionInSystemHeader())).bind("lambda"), &callback);
}

void BlockingUnderLockRule::check(const MatchFinder::MatchResult &result) {
  if (const auto *function = result.Nodes.getNodeAs<clang::FunctionDecl>("function"))
    checkFunction(*function, *result.Context);
  else if (const auto *lambda = result.Nodes.getNodeAs<clang::LambdaExpr>("lambda"))
    checkFunction(*lambda->getCallOperator(), *result.Context);
}

void BlockingUnderLockRule::checkFunction(const clang::FunctionDecl &function,
                                          clang::ASTContext &context) {
  if (function.isDependentContext() && !function.getBody())
    return;
  FunctionLocks locks(function, vocabulary_, context);
  if (locks.empty())
    return;
  checkStatement(*function.getBody(), locks);
}

void BlockingUnderLockRule::checkStatement(const clang::Stmt &statement,
                                           const FunctionLocks &locks) {
  if (llvm::isa<clang::LambdaExpr>(statement))
    return; // defined under the lock, run elsewhere
  if (const auto *expression = llvm::dyn_cast<clang::Expr>(&statement)) {
    std::optional<BlockingCall> blocking =
        classifyBlockingCall(*expression, vocabulary_, extraBlockingFunctions_);
    bool ignored = blocking && blocking->timed &&
                   (blocking->kind == BlockingKind::FutureWait ||
                    blocking->kind == BlockingKind::SemaphoreAcquire);
    if (blocking && !ignored) {
      std::vector<HeldLock> held = locks.heldAt(statement);
      const auto *call = llvm::dyn_cast<clang::CallExpr>(expression);
      llvm::erase_if(held, [&](const HeldLock &lock) {
        if (blocking->kind == BlockingKind::ConditionWait && call &&
            waitReleases(*call, *lock.acquisition))
          return true;
        return blocking->kind == BlockingKind::Io && isSerializedIo(locks, *lock.acquisition);
      });
      if (!held.empty()) {
        const LockEvent &acquisition = *held.back().acquisition;
        unsigned line = locks.sources().getExpansionLineNumber(acquisition.location);
        clang::SourceLocation where =
            call ? calleeNameLocation(*call) : expression->getBeginLoc();
        std::string what = blocking->name == "opening a file stream"
                               ? "opening a file stream"
                               : "'" + blocking->name + "'";
        report(where, what + " blocks while '" + acquisition.mutexName + "' is held")
            .explain("every thread that needs '" + acquisition.mutexName +
                     "' waits for it too; do the blocking work outside the critical section "
                     "(copy what it needs, unlock, then block)")
            .note(acquisition.location, "'" + acquisition.mutexName + "' is locked here");
      }
    }
  }
  for (const clang::Stmt *child : statement.children())
    if (child)
      checkStatement(*child, locks);
}

bool BlockingUnderLockRule::isSerializedIo(const FunctionLocks &locks,
                                           const LockEvent &acquisition) const {
  // A console or log sink's mutex exists to serialize the I/O itself: its
  // critical section does the I/O (and computes its arguments) and nothing
  // else.
  // Computing the arguments (formatting a message into a local buffer) is
  // part of that; writing a data member or a static variable is not.
  std::vector<const clang::Stmt *> section = locks.criticalSection(acquisition);
  bool doesIo = llvm::any_of(section, [&](const clang::Stmt *statement) {
    return containsIo(statement, vocabulary_);
  });
  return doesIo && llvm::none_of(section, writesSharedState);
}

} // namespace threadlint::bottleneck
