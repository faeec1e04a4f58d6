#pragma once

#include "engine/Rule.h"
#include "engine/ThreadEntries.h"
#include "engine/Vocabulary.h"

#include <map>
#include <vector>

namespace clang {
class ASTContext;
class CXXMemberCallExpr;
class FunctionDecl;
} // namespace clang

namespace threadlint::timeouts {

/// Flags `get()`/`wait()` on a future and `acquire()` on a semaphore with no
/// deadline, where one is owed (DeadlineShapes.h) and the function has not
/// first waited on the object with a deadline on every path.
class UntimedWaitRule : public Rule {
public:
  static RuleInfo describe();
  explicit UntimedWaitRule(const RuleEnvironment &environment);

  void registerMatchers(clang::ast_matchers::MatchFinder &finder,
                        clang::ast_matchers::MatchFinder::MatchCallback &callback) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;
  void onEndOfTranslationUnit() override;

private:
  struct Wait {
    const clang::CXXMemberCallExpr *call;
    bool timed;
  };
  void checkFunction(const clang::FunctionDecl &function, const std::vector<Wait> &waits);
  void reportIfOwed(const clang::CXXMemberCallExpr &wait, const clang::FunctionDecl &function);

  ConcurrencyVocabulary vocabulary_;
  ThreadEntryCollector entries_;
  std::map<const clang::FunctionDecl *, std::vector<Wait>> waitsByFunction_;
  bool strict_;
  clang::ASTContext *context_ = nullptr;
};

} // namespace threadlint::timeouts
