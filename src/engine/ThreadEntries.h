// Which functions run as thread entries: the callable handed to a
// std::thread / std::jthread constructor (directly, through emplace into a
// container of threads, or assigned from one) and pthread_create's start
// routine. Functions, member functions, lambdas and function objects.
//
// A rule owns one collector; it registers the collector's matchers in its
// own match pass, so finding entries costs no extra walk of the AST, and asks
// it questions from onEndOfTranslationUnit, once every entry is known.
#pragma once

#include "engine/Vocabulary.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"

namespace clang {
class ASTContext;
class Expr;
class FunctionDecl;
class Stmt;
} // namespace clang

namespace threadlint {

class ThreadEntryCollector {
public:
  explicit ThreadEntryCollector(const ConcurrencyVocabulary &vocabulary);

  void registerMatchers(clang::ast_matchers::MatchFinder &finder,
                        clang::ast_matchers::MatchFinder::MatchCallback &callback);
  /// Takes the matches that are the collector's; returns false for others.
  bool collect(const clang::ast_matchers::MatchFinder::MatchResult &result);

  bool isThreadEntry(const clang::FunctionDecl *function) const;
  /// A thread entry, or the function a thread entry lambda only forwards to
  /// (`std::jthread([this](std::stop_token s) { run(s); })` runs `run` as
  /// the thread's body, as `std::thread(&C::run, this)` would).
  bool runsAsThreadBody(const clang::FunctionDecl *function) const;
  /// Code a class runs on its own threads: a thread entry, a function an
  /// entry lambda forwards to, or a member function of the class an entry
  /// belongs to that the entry calls (directly, or through another member of
  /// that class). `Pool::workerLoop` called from the pool's static entry
  /// `Pool::threadMain` runs on the pool's thread; `Queue::pop` called from a
  /// free worker function does not make the queue's code thread-side.
  bool runsOnOwnThread(const clang::FunctionDecl *function) const;
  /// Where a thread was started with `function`, or with a lambda that
  /// forwards to it (the first place seen).
  clang::SourceLocation startedAt(const clang::FunctionDecl *function) const;
  /// Every entry with where it was first started, in no particular order.
  const llvm::DenseMap<const clang::FunctionDecl *, clang::SourceLocation> &entries() const {
    return entries_;
  }

private:
  void addCallable(const clang::Expr *callable, clang::SourceLocation start);

  const ConcurrencyVocabulary &vocabulary_;
  llvm::DenseMap<const clang::FunctionDecl *, clang::SourceLocation> entries_;
  llvm::DenseMap<const clang::FunctionDecl *, clang::SourceLocation> forwardedTo_;
};

/// The function whose body holds `node`: a lambda's call operator for code
/// in a lambda. Template instantiations map to their pattern, so the answer
/// compares with `ThreadEntryCollector::isThreadEntry`; with `toPattern`
/// false, the function itself (whose body holds this very node).
const clang::FunctionDecl *enclosingFunction(const clang::Stmt &node, clang::ASTContext &context,
                                             bool toPattern = true);

} // namespace threadlint
