#include "rules/async/DetachedThreadRule.h"

#include "engine/AstHelpers.h"

#include "clang/ASTMatchers/ASTMatchers.h"

namespace threadlint::async {
using namespace clang::ast_matchers;

RuleInfo DetachedThreadRule::describe() {
  RuleInfo info{"threadlint-detached-thread", "async", Severity::Warning,
          "a detached thread runs unsupervised: nobody joins it, sees it fail or stops it",
          {}};
  info.productionCodeOnly = true; // RULES.md: (production code)
  return info;
}

DetachedThreadRule::DetachedThreadRule(const RuleEnvironment &environment)
    : Rule(environment), vocabulary_(environment.options) {}

void DetachedThreadRule::registerMatchers(MatchFinder &finder,
                                          MatchFinder::MatchCallback &callback) {
  finder.addMatcher(vocabulary_.memberCall(ConcurrencyKind::Thread, {"detach"}).bind("detach"),
                    &callback);
  finder.addMatcher(cLibraryCall({"pthread_detach"}).bind("pthread"), &callback);
}

void DetachedThreadRule::check(const MatchFinder::MatchResult &result) {
  if (const auto *call = result.Nodes.getNodeAs<clang::CXXMemberCallExpr>("detach")) {
    std::string name = spelledObjectName(call->getImplicitObjectArgument());
    std::string subject = name.empty() ? "the thread" : "thread '" + name + "'";
    report(calleeNameLocation(*call),
           "detaching " + subject +
               " leaves it unsupervised: nobody joins it, an exception in it terminates the "
               "process, and it may outlive the objects it uses; give it an owner that joins "
               "(std::jthread with a std::stop_token, or a thread pool)");
    return;
  }
  if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("pthread")) {
    report(calleeNameLocation(*call),
           "pthread_detach leaves the thread unsupervised: nobody joins it or learns how it "
           "ended, and it may outlive the data it uses; keep it joinable and join it from an "
           "owner (std::jthread, a thread pool)");
  }
}

} // namespace threadlint::async
