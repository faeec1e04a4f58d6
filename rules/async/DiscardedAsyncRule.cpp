#include "rules/async/DiscardedAsyncRule.h"

#include "engine/AstHelpers.h"
#include "engine/Vocabulary.h"

#include "clang/AST/Expr.h"
#include "clang/ASTMatchers/ASTMatchers.h"

namespace threadlint::async {
using namespace clang::ast_matchers;

RuleInfo DiscardedAsyncRule::describe() {
  return {"threadlint-discarded-async", "async", Severity::Warning,
          "the future of std::async is discarded, so the call blocks until the task ends",
          {}};
}

void DiscardedAsyncRule::registerMatchers(MatchFinder &finder,
                                          MatchFinder::MatchCallback &callback) {
  finder.addMatcher(stdAsyncCall().bind("async"), &callback);
}

void DiscardedAsyncRule::check(const MatchFinder::MatchResult &result) {
  const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("async");
  if (!call || !isValueDiscarded(*call, *result.Context))
    return;
  report(calleeNameLocation(*call),
         "the future of this std::async is discarded, so the call waits for the task")
      .explain("the discarded future's destructor blocks until the task finishes, so the work "
               "runs synchronously; keep the future and wait on it with a deadline, or hand the "
               "work to a supervised executor");
}

} // namespace threadlint::async
