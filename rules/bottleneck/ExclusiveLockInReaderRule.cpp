#include "rules/bottleneck/ExclusiveLockInReaderRule.h"

#include "engine/Blocking.h"

#include "engine/Locks.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"

namespace threadlint::bottleneck {
using namespace clang::ast_matchers;

namespace {

/// A `mutable` data member of this object, other than `except`.
bool isOtherMutableMember(const clang::Expr *expression, const clang::FieldDecl *except) {
  expression = expression->IgnoreParenImpCasts();
  const auto *member = llvm::dyn_cast<clang::MemberExpr>(expression);
  if (!member || !llvm::isa<clang::CXXThisExpr>(member->getBase()->IgnoreParenImpCasts()))
    return false;
  const auto *field = llvm::dyn_cast<clang::FieldDecl>(member->getMemberDecl());
  return field && field->isMutable() && field->getCanonicalDecl() != except->getCanonicalDecl();
}

/// Assignment, compound assignment, ++/--, or a non-const member call on a
/// mutable member other than the mutex.
bool writesMutableState(const clang::Stmt *statement, const clang::FieldDecl *mutex) {
  if (!statement || llvm::isa<clang::LambdaExpr>(statement))
    return false;
  if (const auto *binary = llvm::dyn_cast<clang::BinaryOperator>(statement))
    if (binary->isAssignmentOp() && isOtherMutableMember(binary->getLHS(), mutex))
      return true;
  if (const auto *unary = llvm::dyn_cast<clang::UnaryOperator>(statement))
    if (unary->isIncrementDecrementOp() && isOtherMutableMember(unary->getSubExpr(), mutex))
      return true;
  if (const auto *call = llvm::dyn_cast<clang::CXXOperatorCallExpr>(statement))
    if (call->getNumArgs() > 0 && call->getDirectCallee() &&
        llvm::isa<clang::CXXMethodDecl>(call->getDirectCallee()) &&
        !llvm::cast<clang::CXXMethodDecl>(call->getDirectCallee())->isConst() &&
        isOtherMutableMember(call->getArg(0), mutex))
      return true;
  if (const auto *call = llvm::dyn_cast<clang::CXXMemberCallExpr>(statement))
    if (const clang::CXXMethodDecl *method = call->getMethodDecl();
        method && !method->isConst() && call->getImplicitObjectArgument() &&
        isOtherMutableMember(call->getImplicitObjectArgument(), mutex))
      return true;
  for (const clang::Stmt *child : statement->children())
    if (writesMutableState(child, mutex))
      return true;
  return false;
}

bool isImplicitInstantiation(const clang::CXXMethodDecl &method) {
  if (method.getTemplateSpecializationKind() == clang::TSK_ImplicitInstantiation)
    return true;
  const auto *specialization =
      llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(method.getParent());
  return specialization &&
         specialization->getSpecializationKind() == clang::TSK_ImplicitInstantiation;
}

/// Whether `statement` calls code the class does not control: a callable
/// object (a std::function, a functor, a callable parameter; not a lambda
/// written in this function), a function through a pointer, or a virtual
/// function of another class. Under the lock, such a call is what the lock
/// serializes: a shared lock would let user callbacks run concurrently, so
/// the member is not a reader (RULES.md; callback-under-lock is the rule for
/// that shape). Lambda bodies are not entered: they run elsewhere.
bool invokesForeignCode(const clang::Stmt *statement, const clang::CXXRecordDecl &owner) {
  if (!statement || llvm::isa<clang::LambdaExpr>(statement))
    return false;
  if (const auto *call = llvm::dyn_cast<clang::CXXOperatorCallExpr>(statement);
      call && call->getOperator() == clang::OO_Call && call->getNumArgs() > 0) {
    const clang::CXXRecordDecl *callable =
        call->getArg(0)->IgnoreParenImpCasts()->getType()->getAsCXXRecordDecl();
    if (!callable || !callable->isLambda())
      return true;
  } else if (const auto *member = llvm::dyn_cast<clang::CXXMemberCallExpr>(statement)) {
    const clang::CXXMethodDecl *method = member->getMethodDecl();
    const clang::CXXRecordDecl *callee = method ? method->getParent() : nullptr;
    if (method && method->isVirtual() && callee &&
        callee->getCanonicalDecl() != owner.getCanonicalDecl() &&
        !owner.isDerivedFrom(callee))
      return true;
  } else if (const auto *call = llvm::dyn_cast<clang::CallExpr>(statement);
             call && !call->getDirectCallee() && !call->isTypeDependent() &&
             !llvm::isa<clang::CXXPseudoDestructorExpr>(call->getCallee()->IgnoreParens())) {
    return true; // through a function pointer
  }
  for (const clang::Stmt *child : statement->children())
    if (invokesForeignCode(child, owner))
      return true;
  return false;
}

} // namespace

RuleInfo ExclusiveLockInReaderRule::describe() {
  return {"threadlint-exclusive-lock-in-reader", "bottleneck", Severity::Warning,
          "const readers of a read-mostly class lock its mutex exclusively and serialize",
          {{"MinReaders", "2",
            "how many const member functions must lock the mutex before the class counts "
            "as read-mostly"}}};
}

ExclusiveLockInReaderRule::ExclusiveLockInReaderRule(const RuleEnvironment &environment)
    : Rule(environment), vocabulary_(environment.options),
      minReaders_(environment.options.getUnsigned("MinReaders", 2)) {}

void ExclusiveLockInReaderRule::registerMatchers(MatchFinder &finder,
                                                 MatchFinder::MatchCallback &callback) {
  finder.addMatcher(cxxMethodDecl(isDefinition(), hasBody(compoundStmt()), unless(isStaticStorageClass()),
                                  unless(isImplicit()), unless(isExpansionInSystemHeader()))
                        .bind("method"),
                    &callback);
}

void ExclusiveLockInReaderRule::check(const MatchFinder::MatchResult &result) {
  const auto *method = result.Nodes.getNodeAs<clang::CXXMethodDecl>("method");
  if (!method || isImplicitInstantiation(*method) || method->getParent()->isLambda() ||
      llvm::isa<clang::CXXConstructorDecl, clang::CXXDestructorDecl>(method))
    return;
  FunctionLocks locks(*method, vocabulary_, *result.Context);
  std::map<const clang::FieldDecl *, Locker> byMutex;
  for (const LockEvent &event : locks.events()) {
    const auto *field = llvm::dyn_cast_or_null<clang::FieldDecl>(event.mutex);
    if (event.kind != LockEvent::Kind::Acquire || !field ||
        field->getParent()->getCanonicalDecl() != method->getParent()->getCanonicalDecl())
      continue;
    // Readers that re-enter each other under a recursive mutex have no
    // shared counterpart to move to: the advice could not be followed.
    if (vocabulary_.typeIs(field->getType(), ConcurrencyKind::RecursiveMutex))
      continue;
    field = field->getCanonicalDecl();
    auto [entry, added] =
        byMutex.try_emplace(field, Locker{method, false, false, {}, event.mutexName});
    if (event.mode == LockMode::Exclusive)
      entry->second.exclusiveAcquisitions.push_back(event.location);
  }
  // A const member that calls out or blocks under the lock is not a reader:
  // there the lock serializes the call, not the reads.
  bool callsOut = method->isConst() && (invokesForeignCode(method->getBody(), *method->getParent()) ||
                                        containsBlockingCall(*method->getBody(), vocabulary_));
  for (auto &[field, locker] : byMutex) {
    locker.callsOut = callsOut;
    locker.reader = method->isConst() && !callsOut && !writesMutableState(method->getBody(), field);
    lockers_[field].push_back(std::move(locker));
  }
}

void ExclusiveLockInReaderRule::onEndOfTranslationUnit() {
  for (const auto &[field, lockers] : lockers_) {
    unsigned readers = 0;
    for (const Locker &locker : lockers)
      if (locker.reader && !locker.exclusiveAcquisitions.empty())
        ++readers;
    unsigned writers = 0;
    for (const Locker &locker : lockers)
      if (!locker.reader && !locker.callsOut)
        ++writers;
    if (readers < minReaders_ || readers <= writers)
      continue;
    bool sharedMutex = vocabulary_.typeIs(field->getType(), ConcurrencyKind::SharedMutex);
    for (const Locker &locker : lockers) {
      if (!locker.reader)
        continue;
      for (clang::SourceLocation acquisition : locker.exclusiveAcquisitions) {
        std::string counts = std::to_string(readers) + " const member function" +
                             (readers == 1 ? "" : "s") + " only read under '" +
                             locker.mutexName + "' and " + std::to_string(writers) +
                             (writers == 1 ? " writes" : " write");
        std::string advice =
            sharedMutex ? "'" + locker.mutexName +
                              "' is a shared mutex, so take it with std::shared_lock here"
                        : "make it a std::shared_mutex and take std::shared_lock in readers, "
                          "or publish an immutable snapshot "
                          "(std::atomic<std::shared_ptr<const T>>) that readers load without "
                          "locking";
        report(acquisition, "this reader locks '" + locker.mutexName +
                                 "' exclusively, so readers wait for each other")
            .explain(counts.append("; ").append(advice));
      }
    }
  }
  lockers_.clear();
}

} // namespace threadlint::bottleneck
