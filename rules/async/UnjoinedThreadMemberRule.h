#pragma once

#include "engine/Rule.h"
#include "engine/Vocabulary.h"

namespace clang {
class CXXMethodDecl;
class FieldDecl;
} // namespace clang

namespace threadlint::async {

/// Flags a `std::thread` data member (or a container of them) that the
/// class's destructor does not join or detach: destroying a joinable thread
/// calls std::terminate.
class UnjoinedThreadMemberRule : public Rule {
public:
  static RuleInfo describe();
  explicit UnjoinedThreadMemberRule(const RuleEnvironment &environment);

  void registerMatchers(clang::ast_matchers::MatchFinder &finder,
                        clang::ast_matchers::MatchFinder::MatchCallback &callback) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

private:
  bool isPlainThread(clang::QualType type) const;
  bool holdsPlainThreads(clang::QualType type) const;

  ConcurrencyVocabulary vocabulary_;
};

} // namespace threadlint::async
