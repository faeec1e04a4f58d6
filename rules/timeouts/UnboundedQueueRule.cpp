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

const llvm::StringRef QueueTypes[] = {"::std::queue", "::std::deque", "::std::list",
                                      "::std::vector"};
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
  std::vector<const clang::FieldDecl *> measured; ///< size()/empty() asked
};

void gather(const clang::Stmt *statement, const ConcurrencyVocabulary &vocabulary,
            FunctionFacts &facts) {
  if (!statement || llvm::isa<clang::LambdaExpr>(statement))
    return;
  if (const auto *call = llvm::dyn_cast<clang::CXXMemberCallExpr>(statement)) {
    const clang::CXXMethodDecl *method = call->getMethodDecl();
    if (method && method->getDeclName().isIdentifier()) {
      llvm::StringRef name = method->getName();
      const clang::Expr *object = call->getImplicitObjectArgument();
      clang::QualType objectType =
          object ? object->IgnoreParenImpCasts()->getType() : clang::QualType();
      if ((name == "notify_one" || name == "notify_all") &&
          vocabulary.typeIs(objectType, ConcurrencyKind::ConditionVariable))
        facts.notifies = true;
      if (isConditionWait(*call, vocabulary))
        facts.waits = true;
      if (const clang::FieldDecl *field = ownField(object)) {
        if (name == "size" || name == "empty")
          facts.measured.push_back(field->getCanonicalDecl());
        const clang::CXXRecordDecl *container = recordOf(field->getType());
        if (llvm::is_contained(PushMethods, name) && container &&
            llvm::is_contained(QueueTypes, qualifiedRecordNameOf(*container)))
          facts.pushes.push_back(call);
      }
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
    if (llvm::is_contained(facts.measured, queue->getCanonicalDecl()))
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
           "'" + name + "' grows without limit: producers push under '" + memberLock->mutexName +
               "' and notify, but nothing checks its size or waits for room, so they can outrun "
               "the consumers until memory runs out; bound the queue and block (with a "
               "deadline) or reject when it is full");
  }
}

} // namespace threadlint::timeouts
