// Which calls block the calling thread: sleeps, joins, waits on futures,
// condition variables, semaphores, latches and barriers, and blocking I/O.
// Shared by every rule that asks "does this wait?".
#pragma once

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class CXXMemberCallExpr;
class Expr;
class FunctionDecl;
class Stmt;
} // namespace clang

namespace threadlint {

class ConcurrencyVocabulary;

enum class BlockingKind {
  Sleep,
  Join,
  FutureWait,       ///< get/wait/wait_for/wait_until on a future
  ConditionWait,    ///< wait/wait_for/wait_until on a condition variable
  SemaphoreAcquire, ///< acquire/try_acquire_for/try_acquire_until
  LatchWait,
  BarrierWait,
  Io,               ///< blocking POSIX and C I/O, file streams opened
  Configured,       ///< named by a rule's BlockingFunctions option
};

struct BlockingCall {
  BlockingKind kind;
  std::string name; ///< how a message names it: `std::this_thread::sleep_for`
  bool timed = false; ///< has a deadline (`wait_for`, `try_acquire_until`, …)
};

/// What `expression` (a call, a member call, or a stream construction)
/// blocks on, if anything. `extraFunctions` are qualified names that count as
/// blocking too.
std::optional<BlockingCall> classifyBlockingCall(const clang::Expr &expression,
                                                 const ConcurrencyVocabulary &vocabulary,
                                                 const std::vector<std::string> &extraFunctions = {});

/// Whether anything under `statement` blocks, looking into the bodies of
/// functions it calls that are defined in this translation unit, `depth`
/// calls deep. Lambda bodies are not entered: they run elsewhere.
bool containsBlockingCall(const clang::Stmt &statement, const ConcurrencyVocabulary &vocabulary,
                          unsigned depth = 2);

/// Whether anything under `statement` may put the thread to sleep: what
/// containsBlockingCall finds, plus POSIX waits that release a lock
/// (`pthread_cond_wait`, `sem_wait`) and calls whose names say they wait on a
/// primitive threadlint does not know (`Poco::Event::wait`, a blocking
/// queue's `pop`, `WaitForSingleObject`). For rules that must stay quiet
/// when a loop waits; too generous to report blocking with.
bool containsWait(const clang::Stmt &statement, const ConcurrencyVocabulary &vocabulary,
                  unsigned depth = 2);

/// A condition-variable wrapper: a member function of the class that owns
/// the condition variable whose body does nothing but wait on it, adopting
/// or releasing the lock around the wait (port::CondVar::Wait and friends).
/// Its callers own the loop, the predicate and the deadline.
bool isConditionWaitWrapper(const clang::FunctionDecl &function,
                            const ConcurrencyVocabulary &vocabulary);

/// `cv.wait(lock)` without a predicate, outside a condition-variable wrapper
/// and outside a loop that re-checks a condition: it returns on spurious
/// wake-ups and misses notifications sent before it began waiting. What
/// wait-without-predicate reports; untimed-condition-wait leaves it alone.
bool missesWakeUps(const clang::CXXMemberCallExpr &wait, const ConcurrencyVocabulary &vocabulary,
                   clang::ASTContext &context);

/// `wait`, `wait_for` or `wait_until` on a condition variable.
bool isConditionWait(const clang::Expr &expression, const ConcurrencyVocabulary &vocabulary);

} // namespace threadlint
