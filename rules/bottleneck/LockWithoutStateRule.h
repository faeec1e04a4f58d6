#pragma once

#include "engine/Rule.h"
#include "engine/Vocabulary.h"

#include <map>
#include <set>
#include <vector>

namespace clang {
class CXXRecordDecl;
class FieldDecl;
} // namespace clang

namespace threadlint::bottleneck {

/// Flags a mutex member of a class that has no mutable state for it to
/// guard: the lock serializes every caller for nothing.
class LockWithoutStateRule : public Rule {
public:
  static RuleInfo describe();
  explicit LockWithoutStateRule(const RuleEnvironment &environment);

  void registerMatchers(clang::ast_matchers::MatchFinder &finder,
                        clang::ast_matchers::MatchFinder::MatchCallback &callback) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;
  void onEndOfTranslationUnit() override;

private:
  struct MutexUse {
    bool locked = false;        ///< some member function holds it over a section
    bool guardsHidden = false;  ///< a section touches static data or mt-unsafe calls
  };

  ConcurrencyVocabulary vocabulary_;
  std::vector<const clang::FieldDecl *> mutexes_;
  std::map<const clang::FieldDecl *, MutexUse> uses_;
  std::set<const clang::CXXRecordDecl *> forwardingClasses_;
};

} // namespace threadlint::bottleneck
