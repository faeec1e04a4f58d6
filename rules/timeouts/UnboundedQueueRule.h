#pragma once

#include "engine/Rule.h"
#include "engine/Vocabulary.h"

namespace clang {
class CXXMethodDecl;
class FieldDecl;
} // namespace clang

namespace threadlint::timeouts {

/// Flags a push onto a member queue under a member mutex, followed by a
/// notify, when nothing bounds the queue: producers can outrun consumers.
class UnboundedQueueRule : public Rule {
public:
  static RuleInfo describe();
  explicit UnboundedQueueRule(const RuleEnvironment &environment);

  void registerMatchers(clang::ast_matchers::MatchFinder &finder,
                        clang::ast_matchers::MatchFinder::MatchCallback &callback) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

private:
  ConcurrencyVocabulary vocabulary_;
};

} // namespace threadlint::timeouts
