#pragma once

#include "engine/Rule.h"
#include "engine/Vocabulary.h"

#include <string>
#include <vector>

namespace clang {
class FunctionDecl;
} // namespace clang

namespace threadlint {
class FunctionLocks;
struct LockEvent;
} // namespace threadlint

namespace threadlint::bottleneck {

/// Flags a blocking call (sleep, join, future wait, blocking I/O, a wait on
/// another lock, …) made while the function holds a lock: every thread that
/// needs the lock waits for the blocking call too.
class BlockingUnderLockRule : public Rule {
public:
  static RuleInfo describe();
  explicit BlockingUnderLockRule(const RuleEnvironment &environment);

  void registerMatchers(clang::ast_matchers::MatchFinder &finder,
                        clang::ast_matchers::MatchFinder::MatchCallback &callback) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

private:
  void checkFunction(const clang::FunctionDecl &function, clang::ASTContext &context);
  void checkStatement(const clang::Stmt &statement, const FunctionLocks &locks);
  bool isSerializedIo(const FunctionLocks &locks, const LockEvent &acquisition) const;

  ConcurrencyVocabulary vocabulary_;
  std::vector<std::string> extraBlockingFunctions_;
};

} // namespace threadlint::bottleneck
