#include "rules/timeouts/UnboundedQueueRule.h"

#include "engine/AstHelpers.h"
#include "engine/Blocking.h"
#include "engine/Locks.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"

namespace threadlint::timeouts {
using namespace clang::ast_matchers;

namespace {

const llvm::StringRef PushMethods[] = {"push",         "push_back",    "push_front",
                                       "emplace",      "emplace_back", "emplace_front"};

/// The data member of this object that `expression` names, if any.
const clang::FieldDecl *ownField(const clang::Expr *expression) {
  const auto *member = llvm::dyn_cast_or_null<clang::MemberExpr>(
      expression ? expression->IgnoreParenImpCasts() : nullptr);
  if (!member || !llvm::isa<clang::CXXThisExpr>(member->getBase()->IgnoreParenImpCasts()))
    return nullptr;
  return llvm::dyn_cast<clang::FieldDecl>(member->getMemberDecl());
}

struct FunctionFacts {
  std::vector<const clang::CXXMemberCallExpr *> pushes;
  bool notifies = false;
  bool waits = false;
  /// Containers whose size() is compared with something: a bound. An
  /// empty() test is not one (it usually decides whether to notify).
  std::vector<const clang::FieldDecl *> bounded;
};

bool isNotify(const clang::CXXMemberCallExpr &call, const ConcurrencyVocabulary &vocabulary) {
  const clang::CXXMethodDecl *method = call.getMethodDecl();
  const clang::Expr *object = call.getImplicitObjectArgument();
  if (!method || !method->getDeclName().isIdentifier() || !object)
    return false;
  llvm::StringRef name = method->getName();
  return (name == "notify_one" || name == "notify_all") &&
         vocabulary.typeIs(object->IgnoreParenImpCasts()->getType(),
                           ConcurrencyKind::ConditionVariable);
}

/// Whether a statement notifies a condition variable; `throughWrappers` also
/// counts a call to a member function that does (the project's
/// condition-variable wrapper: `port::CondVar::Signal()`).
bool notifiesIn(const clang::Stmt *statement, const ConcurrencyVocabulary &vocabulary,
                bool throughWrappers) {
  if (!statement || llvm::isa<clang::LambdaExpr>(statement))
    return false;
  if (const auto *call = llvm::dyn_cast<clang::CXXMemberCallExpr>(statement)) {
    if (isNotify(*call, vocabulary))
      return true;
    const clang::FunctionDecl *definition = nullptr;
    if (throughWrappers && call->getMethodDecl() && call->getMethodDecl()->hasBody(definition) &&
        notifiesIn(definition->getBody(), vocabulary, /*throughWrappers=*/false))
      return true;
  }
  return llvm::any_of(statement->children(), [&](const clang::Stmt *child) {
    return notifiesIn(child, vocabulary, throughWrappers);
  });
}

/// The data member whose `method()` (`size`, `empty`) `expression` calls,
/// anywhere inside it.
const clang::FieldDecl *fieldAskedIn(const clang::Expr *expression, llvm::StringRef method) {
  if (!expression)
    return nullptr;
  expression = expression->IgnoreParenImpCasts();
  if (const auto *call = llvm::dyn_cast<clang::CXXMemberCallExpr>(expression))
    if (const clang::CXXMethodDecl *callee = call->getMethodDecl();
        callee && callee->getDeclName().isIdentifier() && callee->getName() == method)
      if (const clang::FieldDecl *field = ownField(call->getImplicitObjectArgument()))
        return field->getCanonicalDecl();
  for (const clang::Stmt *child : expression->children())
    if (const clang::FieldDecl *field =
            fieldAskedIn(llvm::dyn_cast_or_null<clang::Expr>(child), method))
      return field;
  return nullptr;
}

bool leaves(const clang::Stmt *statement) {
  if (!statement || llvm::isa<clang::LambdaExpr>(statement))
    return false;
  if (llvm::isa<clang::ReturnStmt, clang::CXXThrowExpr>(statement))
    return true;
  return llvm::any_of(statement->children(), leaves);
}

void gather(const clang::Stmt *statement, const ConcurrencyVocabulary &vocabulary,
            FunctionFacts &facts) {
  if (!statement || llvm::isa<clang::LambdaExpr>(statement))
    return;
  // `if (!slot_.empty()) return false;` rejects when full: a slot of one. An
  // empty() test that only decides whether to notify bounds nothing.
  if (const auto *branch = llvm::dyn_cast<clang::IfStmt>(statement))
    if (const clang::FieldDecl *field = fieldAskedIn(branch->getCond(), "empty");
        field && leaves(branch->getThen()))
      facts.bounded.push_back(field);
  if (const auto *comparison = llvm::dyn_cast<clang::BinaryOperator>(statement))
    if (comparison->isComparisonOp())
      for (const clang::Expr *side : {comparison->getLHS(), comparison->getRHS()})
        if (const clang::FieldDecl *field = fieldAskedIn(side, "size"))
          facts.bounded.push_back(field);
  if (const auto *comparison = llvm::dyn_cast<clang::CXXOperatorCallExpr>(statement))
    if (comparison->isComparisonOp())
      for (const clang::Expr *side : comparison->arguments())
        if (const clang::FieldDecl *field = fieldAskedIn(side, "size"))
          facts.bounded.push_back(field);
  if (const auto *call = llvm::dyn_cast<clang::CXXMemberCallExpr>(statement)) {
    const clang::CXXMethodDecl *method = call->getMethodDecl();
    if (method && method->getDeclName().isIdentifier()) {
      llvm::StringRef name = method->getName();
      const clang::Expr *object = call->getImplicitObjectArgument();
      if (notifiesIn(call, vocabulary, /*throughWrappers=*/true))
        facts.notifies = true;
      if (isConditionWait(*call, vocabulary) || isConditionWaitWrapper(*method, vocabulary))
        facts.waits = true;
      if (const clang::FieldDecl *field = ownField(object))
        if (llvm::is_contained(PushMethods, name) &&
            vocabulary.typeIs(field->getType(), ConcurrencyKind::QueueContainer))
          facts.pushes.push_back(call);
    }
  }
  for (const clang::Stmt *child : statement->children())
    gather(child, vocabulary, facts);
}

} // namespace

RuleInfo UnboundedQueueRule::describe() {
  RuleInfo info{"threadlint-unbounded-queue", "timeouts", Severity::Warning,
          "a queue filled under a lock with no bound: producers outrun consumers",
          {}};
  info.productionCodeOnly = true; // RULES.md: (production code)
  return info;
}

UnboundedQueueRule::UnboundedQueueRule(const RuleEnvironment &environment)
    : Rule(environment), vocabulary_(environment.options) {}

void UnboundedQueueRule::registerMatchers(MatchFinder &finder,
                                          MatchFinder::MatchCallback &callback) {
  finder.addMatcher(cxxMethodDecl(isDefinition(), hasBody(compoundStmt()),
                                  unless(isExpansionInSystemHeader()))
                        .bind("method"),
                    &callback);
}

void UnboundedQueueRule::check(const MatchFinder::MatchResult &result) {
  const auto *method = result.Nodes.getNodeAs<clang::CXXMethodDecl>("method");
  if (!method || method->getParent()->isLambda())
    return;
  FunctionFacts facts;
  gather(method->getBody(), vocabulary_, facts);
  if (facts.pushes.empty() || !facts.notifies || facts.waits)
    return;
  FunctionLocks locks(*method, vocabulary_, *result.Context);
  for (const clang::CXXMemberCallExpr *push : facts.pushes) {
    const clang::FieldDecl *queue = ownField(push->getImplicitObjectArgument());
    if (llvm::is_contained(facts.bounded, queue->getCanonicalDecl()))
      continue;
    std::vector<HeldLock> held = locks.heldAt(*push);
    const LockEvent *memberLock = nullptr;
    for (const HeldLock &lock : held)
      if (const auto *field = llvm::dyn_cast_or_null<clang::FieldDecl>(lock.acquisition->mutex);
          field && field->getParent()->getCanonicalDecl() ==
                       method->getParent()->getCanonicalDecl())
        memberLock = lock.acquisition;
    if (!memberLock)
      continue;
    std::string name = queue->getNameAsString();
    report(calleeNameLocation(*push),
           "'" + name + "' grows without limit: pushed under '" + memberLock->mutexName +
               "' with no bound")
        .explain("nothing checks its size or waits for room, so producers can outrun the "
                 "consumers until memory runs out; bound the queue and block (with a deadline) "
                 "or reject when it is full");
  }
}

} // namespace threadlint::timeouts
