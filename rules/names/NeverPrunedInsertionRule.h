#pragma once

#include "engine/Containers.h"
#include "engine/Rule.h"
#include "engine/Vocabulary.h"

#include <vector>

namespace threadlint::names {

/// The shape both table rules share: remember the insertions that qualify,
/// learn over the whole translation unit which containers are ever pruned,
/// and report the insertions into the others at its end.
class NeverPrunedInsertionRule : public Rule {
public:
  explicit NeverPrunedInsertionRule(const RuleEnvironment &environment);

  void registerMatchers(clang::ast_matchers::MatchFinder &finder,
                        clang::ast_matchers::MatchFinder::MatchCallback &callback) final;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) final;
  void onEndOfTranslationUnit() final;

protected:
  /// Whether an insertion (with a known container and key) is one to report
  /// unless the container is pruned.
  virtual bool qualifies(const Insertion &insertion, clang::ASTContext &context) const = 0;
  virtual void reportInsertion(const Insertion &insertion) = 0;

  /// Where an insertion is reported: the member function's name, or the
  /// start of a subscript expression (where clang reports it).
  static clang::SourceLocation locationOf(const Insertion &insertion);

  const ConcurrencyVocabulary &vocabulary() const { return vocabulary_; }

private:
  ConcurrencyVocabulary vocabulary_;
  PruningCollector pruning_;
  std::vector<Insertion> insertions_;
};

} // namespace threadlint::names
