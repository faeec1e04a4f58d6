#include "rules/timeouts/ThreadStartedInConstructorRule.h"

#include "engine/AstHelpers.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/LambdaCapture.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <functional>

namespace threadlint::timeouts {
using namespace clang::ast_matchers;

namespace {

bool usesThis(const clang::Expr *argument) {
  if (!argument)
    return false;
  argument = argument->IgnoreImplicit();
  if (llvm::isa<clang::CXXThisExpr>(argument->IgnoreParenImpCasts()))
    return true;
  // A lambda, possibly copied or moved into the thread.
  std::vector<const clang::Stmt *> pending{argument};
  while (!pending.empty()) {
    const clang::Stmt *current = pending.back();
    pending.pop_back();
    if (!current)
      continue;
    if (const auto *lambda = llvm::dyn_cast<clang::LambdaExpr>(current)) {
      for (const clang::LambdaCapture &capture : lambda->captures())
        if (capture.capturesThis())
          return true;
      continue;
    }
    if (llvm::isa<clang::CXXThisExpr>(current))
      return true;
    for (const clang::Stmt *child : current->children())
      pending.push_back(child);
  }
  return false;
}

/// Thread starts under `statement`, outside nested lambdas.
void findStarts(const clang::Stmt *statement,
                const std::function<bool(const clang::Expr &)> &startsThread,
                std::vector<const clang::Expr *> &starts) {
  if (!statement || llvm::isa<clang::LambdaExpr>(statement))
    return;
  if (const auto *expression = llvm::dyn_cast<clang::Expr>(statement))
    if (startsThread(*expression)) {
      starts.push_back(expression);
      return;
    }
  for (const clang::Stmt *child : statement->children())
    findStarts(child, startsThread, starts);
}

/// The first assignment to a data member of this object after `offset`.
const clang::Expr *memberAssignedAfter(const clang::Stmt *statement, unsigned offset,
                                       const clang::SourceManager &sources) {
  if (!statement || llvm::isa<clang::LambdaExpr>(statement))
    return nullptr;
  auto isOwnMember = [](const clang::Expr *target) {
    const auto *member = llvm::dyn_cast<clang::MemberExpr>(target->IgnoreParenImpCasts());
    return member && llvm::isa<clang::CXXThisExpr>(member->getBase()->IgnoreParenImpCasts());
  };
  const clang::Expr *target = nullptr;
  if (const auto *binary = llvm::dyn_cast<clang::BinaryOperator>(statement);
      binary && binary->isAssignmentOp())
    target = binary->getLHS();
  else if (const auto *call = llvm::dyn_cast<clang::CXXOperatorCallExpr>(statement);
           call && call->isAssignmentOp() && call->getNumArgs() > 0)
    target = call->getArg(0);
  if (target && isOwnMember(target) &&
      sources.getFileOffset(sources.getExpansionLoc(statement->getBeginLoc())) > offset)
    return target;
  for (const clang::Stmt *child : statement->children())
    if (const clang::Expr *found = memberAssignedAfter(child, offset, sources))
      return found;
  return nullptr;
}

/// How many member functions deep a virtual call is looked for below the
/// thread's entry.
constexpr unsigned VirtualCallSearchDepth = 3;

/// Whether `record`'s member `method`, called on this object, dispatches
/// virtually: a derived class's override would run, before that class exists.
bool dispatchesVirtually(const clang::CXXMemberCallExpr &call, const clang::CXXMethodDecl &method) {
  if (!method.isVirtual() || method.hasAttr<clang::FinalAttr>())
    return false;
  // `Base::f()` names one function: no dispatch.
  const auto *callee = llvm::dyn_cast<clang::MemberExpr>(call.getCallee()->IgnoreParens());
  return !(callee && callee->hasQualifier());
}

/// A virtual call on this object under `statement`, directly or through
/// member functions of `record` that it calls on this object (bounded depth,
/// each function once).
bool reachesVirtualCall(const clang::Stmt *statement, const clang::CXXRecordDecl &record,
                        unsigned depth, llvm::SmallPtrSetImpl<const clang::FunctionDecl *> &seen) {
  if (!statement)
    return false;
  if (const auto *call = llvm::dyn_cast<clang::CXXMemberCallExpr>(statement)) {
    const clang::CXXMethodDecl *method = call->getMethodDecl();
    const clang::Expr *object = call->getImplicitObjectArgument();
    bool onThis = object && llvm::isa<clang::CXXThisExpr>(object->IgnoreParenImpCasts());
    if (method && onThis) {
      if (dispatchesVirtually(*call, *method))
        return true;
      const clang::FunctionDecl *definition = method->getDefinition();
      if (definition && depth > 0 && seen.insert(definition).second &&
          reachesVirtualCall(definition->getBody(), record, depth - 1, seen))
        return true;
    }
  }
  for (const clang::Stmt *child : statement->children())
    if (reachesVirtualCall(child, record, depth, seen))
      return true;
  return false;
}

/// Whether the thread `start` launches makes a virtual call on this object:
/// its callable is a lambda, a member function (`&C::run`, bound or not) or
/// a bind expression over one, followed into member functions of `record`.
bool entryMakesVirtualCall(const clang::Expr &start, const clang::CXXRecordDecl &record) {
  llvm::SmallPtrSet<const clang::FunctionDecl *, 8> seen;
  std::vector<const clang::Expr *> pending;
  if (const auto *construct = llvm::dyn_cast<clang::CXXConstructExpr>(&start))
    pending.assign(construct->arg_begin(), construct->arg_end());
  else if (const auto *call = llvm::dyn_cast<clang::CallExpr>(&start))
    pending.assign(call->arg_begin(), call->arg_end());
  while (!pending.empty()) {
    const clang::Expr *argument = pending.back();
    pending.pop_back();
    if (!argument)
      continue;
    argument = argument->IgnoreImplicit()->IgnoreParenImpCasts();
    if (const auto *lambda = llvm::dyn_cast<clang::LambdaExpr>(argument)) {
      if (reachesVirtualCall(lambda->getBody(), record, VirtualCallSearchDepth, seen))
        return true;
    } else if (const auto *address = llvm::dyn_cast<clang::UnaryOperator>(argument);
               address && address->getOpcode() == clang::UO_AddrOf) {
      const auto *named = llvm::dyn_cast<clang::DeclRefExpr>(address->getSubExpr()->IgnoreParens());
      const auto *method = named ? llvm::dyn_cast<clang::CXXMethodDecl>(named->getDecl()) : nullptr;
      if (!method)
        continue;
      // std::invoke(&C::run, this) dispatches when run is virtual.
      if (method->isVirtual() && !method->hasAttr<clang::FinalAttr>())
        return true;
      const clang::FunctionDecl *definition = method->getDefinition();
      if (definition && seen.insert(definition).second &&
          reachesVirtualCall(definition->getBody(), record, VirtualCallSearchDepth, seen))
        return true;
    } else if (const auto *call = llvm::dyn_cast<clang::CallExpr>(argument)) {
      // std::bind(&C::run, this), std::bind_front(...): look at what is bound.
      pending.insert(pending.end(), call->arg_begin(), call->arg_end());
    } else if (const auto *temporary = llvm::dyn_cast<clang::CXXConstructExpr>(argument)) {
      // A callable copied or moved into the thread.
      pending.insert(pending.end(), temporary->arg_begin(), temporary->arg_end());
    }
  }
  return false;
}

} // namespace

RuleInfo ThreadStartedInConstructorRule::describe() {
  return {"threadlint-thread-started-in-constructor", "timeouts", Severity::Warning,
          "a constructor starts a thread on 'this' before the object is fully constructed",
          {}};
}

ThreadStartedInConstructorRule::ThreadStartedInConstructorRule(const RuleEnvironment &environment)
    : Rule(environment), vocabulary_(environment.options) {}

bool ThreadStartedInConstructorRule::startsThreadOnThis(const clang::Expr &expression) const {
  if (const auto *construct = llvm::dyn_cast<clang::CXXConstructExpr>(&expression)) {
    if (!vocabulary_.typeIs(construct->getType(), ConcurrencyKind::Thread) ||
        construct->getNumArgs() == 0 || construct->getConstructor()->isCopyOrMoveConstructor())
      return false;
    return llvm::any_of(construct->arguments(), usesThis);
  }
  if (const auto *call = llvm::dyn_cast<clang::CXXMemberCallExpr>(&expression)) {
    const clang::CXXMethodDecl *method = call->getMethodDecl();
    if (!method || !method->getDeclName().isIdentifier() ||
        !(method->getName() == "emplace_back" || method->getName() == "emplace" ||
          method->getName() == "emplace_front"))
      return false;
    clang::QualType element = firstTemplateTypeArgument(call->getImplicitObjectArgument()->getType());
    return !element.isNull() && vocabulary_.typeIs(element, ConcurrencyKind::Thread) &&
           llvm::any_of(call->arguments(), usesThis);
  }
  return false;
}

void ThreadStartedInConstructorRule::registerMatchers(MatchFinder &finder,
                                                      MatchFinder::MatchCallback &callback) {
  finder.addMatcher(cxxConstructorDecl(isDefinition(), unless(isExpansionInSystemHeader()),
                                       unless(isImplicit()))
                        .bind("constructor"),
                    &callback);
}

void ThreadStartedInConstructorRule::check(const MatchFinder::MatchResult &result) {
  const auto *constructor = result.Nodes.getNodeAs<clang::CXXConstructorDecl>("constructor");
  if (!constructor || !constructor->getBody())
    return;
  const clang::CXXRecordDecl *record = constructor->getParent();
  bool openForDerived = record->isPolymorphic() && !record->isEffectivelyFinal();
  const clang::SourceManager &sources = result.Context->getSourceManager();
  auto startsThread = [this](const clang::Expr &expression) {
    return startsThreadOnThis(expression);
  };

  std::string derivedReason =
      "'" + record->getNameAsString() +
      "' is polymorphic and not final, and the thread makes a virtual call on it: a derived "
      "class's part is not constructed yet, so the call reaches the base version";

  // (a) A thread member started in the member initializer list.
  for (const clang::CXXCtorInitializer *initializer : constructor->inits()) {
    const clang::FieldDecl *field = initializer->getMember();
    if (!field || !initializer->isWritten() || !initializer->getInit())
      continue;
    std::vector<const clang::Expr *> starts;
    findStarts(initializer->getInit(), startsThread, starts);
    if (starts.empty())
      continue;
    std::vector<std::string> later;
    for (const clang::FieldDecl *other : record->fields())
      if (other->getFieldIndex() > field->getFieldIndex())
        later.push_back("'" + other->getNameAsString() + "'");
    std::string reason;
    if (!later.empty())
      reason = "members declared after '" + field->getNameAsString() + "' (" +
               llvm::join(later, ", ") + ") are not initialized yet when it starts";
    else if (openForDerived && llvm::any_of(starts, [&](const clang::Expr *start) {
               return entryMakesVirtualCall(*start, *record);
             }))
      reason = derivedReason;
    if (reason.empty())
      continue;
    report(initializer->getMemberLocation(),
           "the thread in '" + field->getNameAsString() + "' runs on 'this' before '" +
               record->getNameAsString() + "' is fully constructed")
        .explain(reason + "; start it last, from a final class, or from a separate start() "
                          "after construction");
  }

  // (b), (c) A thread started in the constructor body.
  std::vector<const clang::Expr *> starts;
  findStarts(constructor->getBody(), startsThread, starts);
  for (const clang::Expr *start : starts) {
    unsigned offset = sources.getFileOffset(sources.getExpansionLoc(start->getEndLoc()));
    std::string reason;
    if (const clang::Expr *assigned = memberAssignedAfter(constructor->getBody(), offset, sources))
      reason = "the constructor goes on to assign '" + spelledObjectName(assigned) +
               "' after the thread started";
    else if (openForDerived && entryMakesVirtualCall(*start, *record))
      reason = derivedReason;
    if (reason.empty())
      continue;
    clang::SourceLocation where = start->getBeginLoc();
    if (const auto *call = llvm::dyn_cast<clang::CXXMemberCallExpr>(start))
      where = calleeNameLocation(*call);
    report(where, "this thread runs on 'this' before '" + record->getNameAsString() +
                      "' is fully constructed")
        .explain(reason + "; start it last, from a final class, or from a separate start() "
                          "after construction");
  }
}

} // namespace threadlint::timeouts
