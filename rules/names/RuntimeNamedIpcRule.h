#pragma once

#include "engine/Rule.h"

#include "llvm/ADT/StringSet.h"

#include <string>
#include <vector>

namespace clang {
class Expr;
} // namespace clang

namespace threadlint::names {

/// Flags POSIX and Boost.Interprocess named IPC objects created under a name
/// computed at run time when the translation unit never unlinks them: each
/// name outlives the process in the kernel.
class RuntimeNamedIpcRule : public Rule {
public:
  static RuleInfo describe();
  using Rule::Rule;

  void registerMatchers(clang::ast_matchers::MatchFinder &finder,
                        clang::ast_matchers::MatchFinder::MatchCallback &callback) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;
  void onEndOfTranslationUnit() override;

private:
  struct Creation {
    clang::SourceLocation location;
    std::string creator;  ///< `sem_open`, `boost::interprocess::named_mutex`
    std::string remover;  ///< what would remove it: `sem_unlink`, `...::remove`
    std::string name;     ///< the name expression as written
  };
  std::vector<Creation> creations_;
  llvm::StringSet<> removers_; ///< removal functions this TU refers to
};

} // namespace threadlint::names
