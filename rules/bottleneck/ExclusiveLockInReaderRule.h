#pragma once

#include "engine/Rule.h"
#include "engine/Vocabulary.h"

#include "clang/Basic/SourceLocation.h"

#include <map>
#include <vector>

namespace clang {
class CXXMethodDecl;
class CXXRecordDecl;
class FieldDecl;
} // namespace clang

namespace threadlint::bottleneck {

/// Flags const member functions of a read-mostly class that lock its mutex
/// exclusively: readers serialize behind each other for no reason.
class ExclusiveLockInReaderRule : public Rule {
public:
  static RuleInfo describe();
  explicit ExclusiveLockInReaderRule(const RuleEnvironment &environment);

  void registerMatchers(clang::ast_matchers::MatchFinder &finder,
                        clang::ast_matchers::MatchFinder::MatchCallback &callback) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;
  void onEndOfTranslationUnit() override;

private:
  /// One member function that locks one mutex member.
  struct Locker {
    const clang::CXXMethodDecl *method;
    bool reader; ///< const, and writes no mutable member other than the mutex
    /// const, but calls out (callbacks, virtuals of other classes, blocking
    /// I/O) under the lock: neither a reader nor a writer.
    bool callsOut = false;
    std::vector<clang::SourceLocation> exclusiveAcquisitions;
    std::string mutexName;
  };

  ConcurrencyVocabulary vocabulary_;
  unsigned minReaders_;
  std::map<const clang::FieldDecl *, std::vector<Locker>> lockers_;
};

} // namespace threadlint::bottleneck
