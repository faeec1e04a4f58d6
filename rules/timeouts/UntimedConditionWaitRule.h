#pragma once

#include "engine/Rule.h"
#include "engine/ThreadEntries.h"
#include "engine/Vocabulary.h"

#include <vector>

namespace clang {
class ASTContext;
class CXXMemberCallExpr;
class FunctionDecl;
} // namespace clang

namespace threadlint::timeouts {

/// Flags `wait` on a condition variable, with or without a predicate, outside
/// thread entries and wrappers, where a deadline is owed (DeadlineShapes.h).
class UntimedConditionWaitRule : public Rule {
public:
  static RuleInfo describe();
  explicit UntimedConditionWaitRule(const RuleEnvironment &environment);

  void registerMatchers(clang::ast_matchers::MatchFinder &finder,
                        clang::ast_matchers::MatchFinder::MatchCallback &callback) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;
  void onEndOfTranslationUnit() override;

private:
  void reportIfOwed(const clang::CXXMemberCallExpr &wait, const clang::FunctionDecl &function);

  ConcurrencyVocabulary vocabulary_;
  ThreadEntryCollector entries_;
  std::vector<const clang::CXXMemberCallExpr *> waits_;
  bool strict_;
  clang::ASTContext *context_ = nullptr;
};

} // namespace threadlint::timeouts
