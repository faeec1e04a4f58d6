// Where a function holds which lock. Recognises locks as real code spells
// them: standard guards and lock()/unlock(), Boost.Thread, Abseil and Qt
// locks, classes annotated with Clang's thread-safety attributes, POSIX
// mutexes and rwlocks, and the types named by the MutexTypes,
// SharedMutexTypes, ExclusiveGuardTypes and SharedGuardTypes options.
#pragma once

#include "engine/Vocabulary.h"

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"

#include <string>
#include <vector>

namespace clang {
class ASTContext;
class CallExpr;
class FunctionDecl;
class SourceManager;
class Expr;
class Stmt;
class ValueDecl;
class VarDecl;
} // namespace clang

namespace threadlint {

enum class LockMode { Exclusive, Shared };

/// One lock, unlock or guard construction, in source order.
struct LockEvent {
  enum class Kind { Acquire, Release };
  Kind kind;
  LockMode mode = LockMode::Exclusive;
  /// The mutex: a data member or variable; null when it is not a plain name.
  const clang::ValueDecl *mutex = nullptr;
  std::string mutexName;
  /// The guard variable that holds it, for RAII acquisitions and calls on
  /// a guard (`lock.unlock()`); null for calls on the mutex itself.
  const clang::VarDecl *guard = nullptr;
  /// Where the holding ends at the latest: the guard's block, or the whole
  /// function body for `mutex.lock()`.
  const clang::Stmt *scope = nullptr;
  /// The block the acquisition is written in; its critical section is the
  /// rest of this block, up to the release.
  const clang::Stmt *block = nullptr;
  const clang::Stmt *statement = nullptr; ///< the declaration or call
  clang::SourceLocation location;
  unsigned offset = 0; ///< position in the file, for ordering
};

struct HeldLock {
  const LockEvent *acquisition;
};

/// The lock events of one function body (lambdas in it are not entered: they
/// run elsewhere) and what is held at any statement of it.
class FunctionLocks {
public:
  FunctionLocks(const clang::FunctionDecl &function, const ConcurrencyVocabulary &vocabulary,
                clang::ASTContext &context);

  const std::vector<LockEvent> &events() const { return events_; }
  bool empty() const { return events_.empty(); }

  /// Locks held when `statement` runs: acquired before it in a scope that
  /// holds it, and not released (on the same guard, or the same mutex for
  /// calls on the mutex) between the acquisition and it.
  std::vector<HeldLock> heldAt(const clang::Stmt &statement) const;

  /// The statements of the function that run while `acquisition` holds its
  /// lock, outermost only, in source order.
  std::vector<const clang::Stmt *> criticalSection(const LockEvent &acquisition) const;

  const clang::SourceManager &sources() const;
  unsigned offsetOf(clang::SourceLocation location) const;

private:
  void collect(const clang::Stmt *statement, const clang::Stmt *block);
  bool contains(const clang::Stmt &outer, const clang::Stmt &inner) const;
  bool releasedBetween(const LockEvent &acquisition, unsigned from, unsigned to) const;

  /// What a guard variable holds, for its later lock()/unlock() calls.
  struct GuardInfo {
    const clang::ValueDecl *mutex;
    std::string mutexName;
    LockMode mode;
    const clang::Stmt *scope;
  };

  const ConcurrencyVocabulary &vocabulary_;
  clang::ASTContext &context_;
  const clang::Stmt *body_ = nullptr;
  std::vector<LockEvent> events_;
  llvm::DenseMap<const clang::VarDecl *, GuardInfo> guards_;
};

/// Whether a wait on a condition variable gives up `acquisition`'s lock:
/// `cv.wait(lock, …)` with the guard that holds it, or (for
/// condition_variable_any) the mutex itself.
bool waitReleases(const clang::CallExpr &wait, const LockEvent &acquisition);

/// Whether `wait` (a wait on a future, semaphore or condition variable in
/// `function`) runs while `function` holds a lock the wait does not give up:
/// the call blocking-under-lock reports, which the less specific untimed-wait
/// rules leave to it (RULES.md: one finding per call).
bool waitsHoldingALock(const clang::CallExpr &wait, const clang::FunctionDecl &function,
                       const ConcurrencyVocabulary &vocabulary, clang::ASTContext &context);

/// The name a message uses for a mutex expression: `mutex_`, `this->mutex_`,
/// `table.mutex`.
std::string mutexNameOf(const clang::Expr *expression);

} // namespace threadlint
