// The concurrency vocabulary shared by every rule: what is a thread, a mutex,
// a guard, a future, ... decided by the declarations the type system reaches
// (typedefs, aliases, `auto`, CTAD, templates, libc++'s inline namespaces),
// never by spelling. Rules ask here instead of naming standard types.
#pragma once

#include "clang/AST/Type.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace clang {
class NamedDecl;
class CXXRecordDecl;
} // namespace clang

namespace threadlint {

class RuleOptions;

enum class ConcurrencyKind {
  Thread,
  Mutex,          ///< anything that can be locked exclusively (std, Boost, Abseil, Qt, annotated)
  SharedMutex,    ///< can also be locked shared (a reader/writer lock)
  RecursiveMutex, ///< can be locked again by the thread that holds it
  ExclusiveGuard, ///< RAII guard holding a lock exclusively
  SharedGuard,    ///< RAII guard holding a lock shared
  ConditionVariable,
  Future,
  Promise,
  PackagedTask,
  Semaphore,
  Latch,
  Barrier,
  AssociativeContainer,
  QueueContainer, ///< a sequence a queue is kept in (`std::deque`, `std::vector`, …)
  Duration,  ///< a length of time (`std::chrono::duration`)
  TimePoint, ///< a point in time (`std::chrono::time_point`)
};

/// Classes annotated with Clang's thread-safety attributes: a `capability`
/// (`lockable`) is a mutex; a `scoped_lockable` is a guard; a member with
/// `acquire_shared_capability` makes either a reader/writer one.
bool isCapability(const clang::CXXRecordDecl &record);
bool isScopedLockable(const clang::CXXRecordDecl &record);
bool hasSharedAcquire(const clang::CXXRecordDecl &record);

/// `::a::b::name` of a declaration, with inline namespaces (libc++'s `__1`,
/// libstdc++'s `_V2`/`__cxx11`) left out, so it compares to the documented name.
std::string qualifiedNameOf(const clang::NamedDecl &decl);

/// `qualifiedNameOf` a class, or of its template for a specialization:
/// `::std::future` for `std::future<int>`.
std::string qualifiedRecordNameOf(const clang::CXXRecordDecl &record);

/// The record behind a type: through typedefs, aliases, references, `auto`
/// and template specializations. Null when the type is not a class.
const clang::CXXRecordDecl *recordOf(clang::QualType type);

/// The first template argument of a class template specialization, when it
/// is a type: the element type of `std::vector<std::thread>`. Null otherwise.
clang::QualType firstTemplateTypeArgument(clang::QualType type);

/// The standard library's names for a kind.
llvm::ArrayRef<llvm::StringRef> standardNamesOf(ConcurrencyKind kind);

/// The vocabulary a rule instance works with: the standard names plus any
/// extra type names configured through options (read local-or-global, so one
/// `CheckOptions` entry serves every rule).
class ConcurrencyVocabulary {
public:
  ConcurrencyVocabulary();
  explicit ConcurrencyVocabulary(const RuleOptions &options);

  llvm::ArrayRef<std::string> namesOf(ConcurrencyKind kind) const;
  bool recordIs(const clang::CXXRecordDecl *record, ConcurrencyKind kind) const;
  bool typeIs(clang::QualType type, ConcurrencyKind kind) const;

  /// A class (or class template specialization) of the kind.
  clang::ast_matchers::internal::BindableMatcher<clang::Decl> record(ConcurrencyKind kind) const;
  /// A type whose record is of the kind; references are looked through.
  clang::ast_matchers::internal::Matcher<clang::QualType>
  type(ConcurrencyKind kind) const;
  /// An expression whose type is of the kind.
  clang::ast_matchers::internal::BindableMatcher<clang::Stmt> expression(ConcurrencyKind kind) const;
  /// A member call `object.method(...)` on an object of the kind.
  clang::ast_matchers::internal::BindableMatcher<clang::Stmt>
  memberCall(ConcurrencyKind kind, llvm::ArrayRef<llvm::StringRef> methods) const;

private:
  std::vector<std::vector<std::string>> names_;
};

/// A call to `std::async` (its result is a future whose destructor waits).
bool isAsyncCall(const clang::Expr &expression);

/// A call to `std::move` or `std::forward`: the value passes through.
bool isMoveOrForward(const clang::Expr &expression);

/// Calls to `std::async`, resolved or (in templates) still unresolved.
clang::ast_matchers::internal::BindableMatcher<clang::Stmt> stdAsyncCall();

/// A C library function by its global name (`::sem_unlink`).
clang::ast_matchers::internal::BindableMatcher<clang::Decl>
cLibraryFunction(llvm::ArrayRef<llvm::StringRef> functionNames);

/// A call to a C library function by its global name (`::pthread_detach`).
clang::ast_matchers::internal::BindableMatcher<clang::Stmt>
cLibraryCall(llvm::ArrayRef<llvm::StringRef> functionNames);

} // namespace threadlint
