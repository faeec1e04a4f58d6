#include "engine/Locks.h"

#include "engine/AstHelpers.h"
#include "engine/Blocking.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"

#include <algorithm>
#include <optional>

namespace threadlint {
namespace {

struct Effect {
  LockEvent::Kind kind;
  LockMode mode;
};

const clang::CXXRecordDecl *recordBehind(const clang::Expr *expression) {
  clang::QualType type = expression->getType();
  if (type->isPointerType())
    type = type->getPointeeType();
  return recordOf(type);
}

/// The mutex argument of a guard or POSIX call: `m`, `&m`, `this->m_`.
const clang::Expr *stripAddress(const clang::Expr *expression) {
  expression = expression->IgnoreParenImpCasts();
  if (const auto *unary = llvm::dyn_cast<clang::UnaryOperator>(expression);
      unary && unary->getOpcode() == clang::UO_AddrOf)
    return unary->getSubExpr()->IgnoreParenImpCasts();
  return expression;
}

const clang::ValueDecl *declOf(const clang::Expr *expression) {
  expression = stripAddress(expression);
  if (const auto *member = llvm::dyn_cast<clang::MemberExpr>(expression))
    return member->getMemberDecl();
  if (const auto *reference = llvm::dyn_cast<clang::DeclRefExpr>(expression))
    return reference->getDecl();
  return nullptr;
}

std::optional<Effect> effectOfAttributes(const clang::FunctionDecl &function) {
  if (const auto *acquire = function.getAttr<clang::AcquireCapabilityAttr>())
    return Effect{LockEvent::Kind::Acquire,
                  acquire->isShared() ? LockMode::Shared : LockMode::Exclusive};
  if (function.hasAttr<clang::ReleaseCapabilityAttr>())
    return Effect{LockEvent::Kind::Release, LockMode::Exclusive};
  return std::nullopt;
}

/// lock()/unlock() and their spellings in std, Boost, Abseil and Qt.
std::optional<Effect> effectOfMutexMethod(llvm::StringRef name) {
  if (name == "lock" || name == "Lock" || name == "WriterLock" || name == "lockForWrite")
    return Effect{LockEvent::Kind::Acquire, LockMode::Exclusive};
  if (name == "lock_shared" || name == "ReaderLock" || name == "lockForRead")
    return Effect{LockEvent::Kind::Acquire, LockMode::Shared};
  if (name == "unlock" || name == "Unlock" || name == "unlock_shared" || name == "ReaderUnlock" ||
      name == "WriterUnlock")
    return Effect{LockEvent::Kind::Release, LockMode::Exclusive};
  return std::nullopt;
}

std::optional<Effect> effectOfPosixCall(llvm::StringRef name) {
  if (name == "::pthread_mutex_lock" || name == "::pthread_rwlock_wrlock")
    return Effect{LockEvent::Kind::Acquire, LockMode::Exclusive};
  if (name == "::pthread_rwlock_rdlock")
    return Effect{LockEvent::Kind::Acquire, LockMode::Shared};
  if (name == "::pthread_mutex_unlock" || name == "::pthread_rwlock_unlock")
    return Effect{LockEvent::Kind::Release, LockMode::Exclusive};
  return std::nullopt;
}

bool isDeferTag(const clang::Expr *argument) {
  const clang::CXXRecordDecl *record = recordOf(argument->getType());
  if (!record)
    return false;
  std::string name = qualifiedRecordNameOf(*record);
  return name == "::std::defer_lock_t" || name == "::boost::defer_lock_t";
}

} // namespace

std::string mutexNameOf(const clang::Expr *expression) {
  std::string name = spelledObjectName(stripAddress(expression));
  return name.empty() ? "the mutex" : name;
}

FunctionLocks::FunctionLocks(const clang::FunctionDecl &function,
                             const ConcurrencyVocabulary &vocabulary, clang::ASTContext &context)
    : vocabulary_(vocabulary), context_(context), body_(function.getBody()) {
  if (!body_)
    return;
  collect(body_, body_);
  std::stable_sort(events_.begin(), events_.end(),
                   [](const LockEvent &left, const LockEvent &right) {
                     return left.offset < right.offset;
                   });
}

const clang::SourceManager &FunctionLocks::sources() const { return context_.getSourceManager(); }

unsigned FunctionLocks::offsetOf(clang::SourceLocation location) const {
  return sources().getFileOffset(sources().getExpansionLoc(location));
}

void FunctionLocks::collect(const clang::Stmt *statement, const clang::Stmt *block) {
  if (!statement || llvm::isa<clang::LambdaExpr>(statement))
    return;
  if (llvm::isa<clang::CompoundStmt>(statement))
    block = statement;

  auto add = [&](LockEvent event) {
    event.offset = offsetOf(event.location);
    events_.push_back(std::move(event));
  };

  if (const auto *declaration = llvm::dyn_cast<clang::DeclStmt>(statement)) {
    for (const clang::Decl *decl : declaration->decls()) {
      const auto *variable = llvm::dyn_cast<clang::VarDecl>(decl);
      if (!variable || !variable->getInit())
        continue;
      const clang::CXXRecordDecl *guardType = recordOf(variable->getType());
      bool exclusive = vocabulary_.recordIs(guardType, ConcurrencyKind::ExclusiveGuard);
      bool shared = vocabulary_.recordIs(guardType, ConcurrencyKind::SharedGuard);
      const clang::CXXConstructExpr *construct = constructionIn(variable->getInit());
      if ((!exclusive && !shared) || !construct)
        continue;
      LockMode mode = shared ? LockMode::Shared : LockMode::Exclusive;
      if (std::optional<Effect> annotated = effectOfAttributes(*construct->getConstructor()))
        mode = annotated->mode;
      bool deferred = llvm::any_of(construct->arguments(), isDeferTag);
      for (const clang::Expr *argument : construct->arguments()) {
        if (!vocabulary_.recordIs(recordBehind(argument), ConcurrencyKind::Mutex))
          continue;
        guards_[variable] = GuardInfo{declOf(argument), mutexNameOf(argument), mode, block};
        if (deferred)
          continue;
        add(LockEvent{LockEvent::Kind::Acquire, mode, declOf(argument), mutexNameOf(argument),
                      variable, block, block, declaration, variable->getLocation(), 0});
      }
    }
  } else if (const auto *call = llvm::dyn_cast<clang::CXXMemberCallExpr>(statement)) {
    const clang::CXXMethodDecl *method = call->getMethodDecl();
    const clang::Expr *object = call->getImplicitObjectArgument();
    if (method && object && method->getDeclName().isIdentifier()) {
      object = object->IgnoreParenImpCasts();
      const auto *guardReference = llvm::dyn_cast<clang::DeclRefExpr>(object);
      const auto *guardVariable =
          guardReference ? llvm::dyn_cast<clang::VarDecl>(guardReference->getDecl()) : nullptr;
      auto guard = guardVariable ? guards_.find(guardVariable) : guards_.end();
      if (guard != guards_.end()) {
        llvm::StringRef name = method->getName();
        std::optional<Effect> effect = effectOfAttributes(*method);
        if (!effect && (name == "lock" || name == "relock"))
          effect = Effect{LockEvent::Kind::Acquire, guard->second.mode};
        if (!effect && name == "unlock")
          effect = Effect{LockEvent::Kind::Release, guard->second.mode};
        if (effect)
          add(LockEvent{effect->kind, guard->second.mode, guard->second.mutex,
                        guard->second.mutexName, guardVariable, guard->second.scope, block, call,
                        call->getExprLoc(), 0});
      } else if (vocabulary_.recordIs(recordBehind(object), ConcurrencyKind::Mutex)) {
        std::optional<Effect> effect = effectOfAttributes(*method);
        if (!effect)
          effect = effectOfMutexMethod(method->getName());
        if (effect)
          add(LockEvent{effect->kind, effect->mode, declOf(object), mutexNameOf(object), nullptr,
                        body_, block, call, call->getExprLoc(), 0});
      }
    }
  } else if (const auto *call = llvm::dyn_cast<clang::CallExpr>(statement)) {
    const clang::FunctionDecl *callee = call->getDirectCallee();
    if (callee && callee->getDeclName().isIdentifier() && call->getNumArgs() >= 1)
      if (std::optional<Effect> effect = effectOfPosixCall(qualifiedNameOf(*callee)))
        add(LockEvent{effect->kind, effect->mode, declOf(call->getArg(0)),
                      mutexNameOf(call->getArg(0)), nullptr, body_, block, call,
                      call->getBeginLoc(), 0});
  }

  for (const clang::Stmt *child : statement->children())
    collect(child, block);
}

bool FunctionLocks::contains(const clang::Stmt &outer, const clang::Stmt &inner) const {
  clang::SourceLocation outerBegin = sources().getExpansionLoc(outer.getBeginLoc());
  clang::SourceLocation outerEnd = sources().getExpansionLoc(outer.getEndLoc());
  clang::SourceLocation innerBegin = sources().getExpansionLoc(inner.getBeginLoc());
  if (sources().getFileID(outerBegin) != sources().getFileID(innerBegin))
    return false;
  unsigned begin = sources().getFileOffset(outerBegin);
  unsigned end = sources().getFileOffset(outerEnd);
  unsigned position = sources().getFileOffset(innerBegin);
  return begin <= position && position <= end;
}

bool FunctionLocks::releasedBetween(const LockEvent &acquisition, unsigned from,
                                    unsigned to) const {
  for (const LockEvent &event : events_) {
    if (event.kind != LockEvent::Kind::Release || event.offset <= from || event.offset >= to)
      continue;
    bool sameHolder = acquisition.guard ? event.guard == acquisition.guard
                                        : (!event.guard && event.mutex == acquisition.mutex &&
                                           event.mutexName == acquisition.mutexName);
    if (sameHolder)
      return true;
  }
  return false;
}

std::vector<HeldLock> FunctionLocks::heldAt(const clang::Stmt &statement) const {
  std::vector<HeldLock> held;
  unsigned position = offsetOf(statement.getBeginLoc());
  for (const LockEvent &event : events_) {
    if (event.kind != LockEvent::Kind::Acquire || event.offset >= position ||
        !contains(*event.scope, statement) || releasedBetween(event, event.offset, position))
      continue;
    // A later acquisition through the same holder supersedes this one.
    llvm::erase_if(held, [&](const HeldLock &earlier) {
      return earlier.acquisition->guard == event.guard &&
             earlier.acquisition->mutexName == event.mutexName;
    });
    held.push_back(HeldLock{&event});
  }
  return held;
}

std::vector<const clang::Stmt *>
FunctionLocks::criticalSection(const LockEvent &acquisition) const {
  std::vector<const clang::Stmt *> statements;
  const auto *block = llvm::dyn_cast_or_null<clang::CompoundStmt>(acquisition.block);
  if (!block)
    return statements;
  unsigned releaseAt = ~0u;
  for (const LockEvent &event : events_)
    if (event.kind == LockEvent::Kind::Release && event.offset > acquisition.offset &&
        event.offset < releaseAt &&
        (acquisition.guard ? event.guard == acquisition.guard
                           : (!event.guard && event.mutexName == acquisition.mutexName)))
      releaseAt = event.offset;
  unsigned acquiredAt = offsetOf(acquisition.statement->getEndLoc());
  for (const clang::Stmt *child : block->body()) {
    unsigned begin = offsetOf(child->getBeginLoc());
    unsigned end = offsetOf(child->getEndLoc());
    if (begin <= acquiredAt)
      continue;
    if (begin >= releaseAt)
      break;
    statements.push_back(child);
    if (end >= releaseAt)
      break;
  }
  return statements;
}

bool waitReleases(const clang::CallExpr &wait, const LockEvent &acquisition) {
  if (wait.getNumArgs() == 0)
    return false;
  const clang::Expr *argument = wait.getArg(0)->IgnoreParenImpCasts();
  if (const auto *reference = llvm::dyn_cast<clang::DeclRefExpr>(argument)) {
    if (acquisition.guard && reference->getDecl() == acquisition.guard)
      return true;
    if (!acquisition.guard && reference->getDecl() == acquisition.mutex)
      return true;
  }
  if (const auto *member = llvm::dyn_cast<clang::MemberExpr>(argument))
    return member->getMemberDecl() == acquisition.mutex;
  return false;
}

bool waitsHoldingALock(const clang::CallExpr &wait, const clang::FunctionDecl &function,
                       const ConcurrencyVocabulary &vocabulary, clang::ASTContext &context) {
  if (!function.getBody())
    return false;
  FunctionLocks locks(function, vocabulary, context);
  if (locks.empty())
    return false;
  std::vector<HeldLock> held = locks.heldAt(wait);
  bool conditionWait = isConditionWait(wait, vocabulary);
  llvm::erase_if(held, [&](const HeldLock &lock) {
    return conditionWait && waitReleases(wait, *lock.acquisition);
  });
  return !held.empty();
}

} // namespace threadlint
