// Rules that exist only in the test build of the CLI (threadlint-test-cli):
// they misbehave on purpose, so the tests can show that a crashing or hanging
// analysis costs one file and never the scan. The shipped tools link
// src/shipped/NoTestOnlyRules.cpp instead.
#include "engine/RuleTable.h"

#include "clang/ASTMatchers/ASTMatchers.h"

#include <chrono>
#include <cstdlib>
#include <thread>

namespace threadlint::testing {
namespace {

using namespace clang::ast_matchers;

/// On a function named `threadlint_test_misbehave`, does what the `Mode`
/// option says: `trap` (SIGILL), `abort` (SIGABRT), `hang` (never returns,
/// without burning a core) or `report` (a finding, to show it ran).
class MisbehavingRule : public Rule {
public:
  static RuleInfo describe() {
    return RuleInfo{"threadlint-test-misbehave",
                    "test",
                    Severity::Warning,
                    "test-only: crashes or hangs on request",
                    {{"Mode", "report", "trap, abort, hang or report"}}};
  }
  explicit MisbehavingRule(const RuleEnvironment &environment)
      : Rule(environment), mode_(options().get("Mode").value_or("report")) {}

  void registerMatchers(MatchFinder &finder, MatchFinder::MatchCallback &callback) override {
    finder.addMatcher(functionDecl(hasName("threadlint_test_misbehave")).bind("function"),
                      &callback);
  }

  void check(const MatchFinder::MatchResult &result) override {
    const auto *function = result.Nodes.getNodeAs<clang::FunctionDecl>("function");
    if (mode_ == "trap")
      __builtin_trap();
    if (mode_ == "abort")
      std::abort();
    if (mode_ == "hang")
      while (true)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    report(function->getLocation(), "the test rule ran");
  }

private:
  std::string mode_;
};

} // namespace
} // namespace threadlint::testing

namespace threadlint {

void addTestOnlyRules(std::vector<RuleEntry> &table) {
  table.push_back(makeRuleEntry<testing::MisbehavingRule>());
}

} // namespace threadlint
