// When an untimed wait owes a deadline. RULES.md's timeouts family reports an
// untimed wait only in the C++ forms of an OTP `call` without a timeout:
//  (a) the enclosing function is handed a deadline and the wait ignores it;
//  (b) the function hands work to another thread (a promise, a packaged task,
//      a callable, a queued item) and then blocks on the reply;
//  (c) a destructor (or a function only the destructor calls) waits on
//      another thread's work: a hang on shutdown.
// untimed-wait and untimed-condition-wait ask here, so they agree on what a
// synchronous call is, and the design report can ask the same questions.
#pragma once

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace clang {
class ASTContext;
class CXXMemberCallExpr;
class FunctionDecl;
class ValueDecl;
} // namespace clang

namespace threadlint {

class ConcurrencyVocabulary;
class ThreadEntryCollector;

enum class DeadlineShape {
  IgnoredDeadline,   ///< (a)
  SynchronousCall,   ///< (b)
  WaitingDestructor, ///< (c)
};

struct OwedDeadline {
  DeadlineShape shape;
  /// What the message names: the ignored parameter (a), the object handed
  /// to another thread (b), the destructor (c).
  std::string subject;
};

class DeadlineAnalysis {
public:
  /// `entries` must be complete (asked from onEndOfTranslationUnit).
  DeadlineAnalysis(const ConcurrencyVocabulary &vocabulary, const ThreadEntryCollector &entries,
                   clang::ASTContext &context);

  /// The shape in which `wait`, an untimed wait on a future, a semaphore or
  /// a condition variable in `function`, owes a deadline; none when it owes
  /// none by the contract.
  std::optional<OwedDeadline> owedBy(const clang::CXXMemberCallExpr &wait,
                                     const clang::FunctionDecl &function) const;

  /// The awaited future comes from `std::async`: its destructor blocks
  /// whatever the caller does, so a deadline on the wait cannot free it.
  /// Traced through local variables, data members assigned from it, and
  /// containers filled with such futures (`for (auto &f : futures) f.get()`).
  bool awaitsAsyncResult(const clang::CXXMemberCallExpr &wait,
                         const clang::FunctionDecl &function) const;

  /// The deliberate-API exemption: the wait is on a data member and another
  /// member function of its class waits on that member with a deadline
  /// (`get` beside `try_get_for`, `wait` beside `wait_for`).
  bool classOffersTimedWait(const clang::CXXMemberCallExpr &wait,
                            const clang::FunctionDecl &function) const;

private:
  std::optional<OwedDeadline> ignoredDeadline(const clang::CXXMemberCallExpr &wait,
                                              const clang::FunctionDecl &function) const;
  std::optional<OwedDeadline> synchronousCall(const clang::CXXMemberCallExpr &wait,
                                              const clang::FunctionDecl &function) const;
  std::optional<OwedDeadline> waitingDestructor(const clang::FunctionDecl &function) const;
  /// A thread entry of this translation unit (or a member function of the
  /// object's class that runs on its thread) notifies or releases `object`.
  bool signalledByAThread(const clang::ValueDecl *object) const;

  const ConcurrencyVocabulary &vocabulary_;
  const ThreadEntryCollector &entries_;
  clang::ASTContext &context_;
};

/// A function name that says it hands work to another thread: `post`,
/// `submit`, `enqueue`, `runInLoop`, `dispatch`, … (any case, underscores
/// ignored).
bool namesHandOff(llvm::StringRef name);

} // namespace threadlint
