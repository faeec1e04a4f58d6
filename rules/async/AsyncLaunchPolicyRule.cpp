#include "rules/async/AsyncLaunchPolicyRule.h"

#include "engine/AstHelpers.h"
#include "engine/Vocabulary.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/ASTMatchers/ASTMatchers.h"

namespace threadlint::async {
using namespace clang::ast_matchers;

namespace {

bool isLaunchPolicyType(clang::QualType type) {
  if (type.isNull())
    return false;
  const auto *enumType = type.getNonReferenceType().getCanonicalType()->getAs<clang::EnumType>();
  return enumType && qualifiedNameOf(*enumType->getDecl()) == "::std::launch";
}

enum class Policy { Missing, AsyncOnly, Default, Unknown };

Policy policyOf(const clang::CallExpr &call, const clang::ASTContext &context) {
  if (call.getNumArgs() == 0)
    return Policy::Unknown;
  const clang::Expr *first = call.getArg(0);
  if (first->isTypeDependent())
    return call.getNumArgs() == 1 ? Policy::Missing : Policy::Unknown;
  if (!isLaunchPolicyType(first->getType()))
    return Policy::Missing;
  if (first->isValueDependent())
    return Policy::Unknown;
  clang::Expr::EvalResult value;
  if (!first->EvaluateAsRValue(value, context) || !value.Val.isInt())
    return Policy::Unknown;
  // Both standard libraries give launch::async the value 1 and launch::deferred 2.
  llvm::APSInt bits = value.Val.getInt();
  if (bits == 1)
    return Policy::AsyncOnly;
  if (bits == 3)
    return Policy::Default;
  return Policy::Unknown; // deferred alone is a deliberate choice
}

} // namespace

RuleInfo AsyncLaunchPolicyRule::describe() {
  return {"threadlint-async-launch-policy", "async", Severity::Warning,
          "std::async without std::launch::async may defer the task to get() or never run it",
          {}};
}

void AsyncLaunchPolicyRule::registerMatchers(MatchFinder &finder,
                                             MatchFinder::MatchCallback &callback) {
  finder.addMatcher(stdAsyncCall().bind("async"), &callback);
}

void AsyncLaunchPolicyRule::check(const MatchFinder::MatchResult &result) {
  const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("async");
  if (!call || call->getNumArgs() == 0)
    return;
  Policy policy = policyOf(*call, *result.Context);
  if (policy == Policy::AsyncOnly || policy == Policy::Unknown)
    return;
  const clang::Expr *first = call->getArg(0);
  if (policy == Policy::Missing) {
    auto finding = report(calleeNameLocation(*call),
                          "std::async without a launch policy may defer the task instead of "
                          "starting a thread");
    finding.explain("a deferred task runs lazily on the thread that calls get() or wait(), or "
                    "never; pass std::launch::async so it gets a thread of its own");
    if (first->getBeginLoc().isFileID())
      finding.fix(clang::FixItHint::CreateInsertion(first->getBeginLoc(), "std::launch::async, "));
    return;
  }
  auto finding = report(calleeNameLocation(*call),
                        "std::launch::async | std::launch::deferred lets std::async defer the "
                        "task");
  finding.explain("a deferred task runs on the thread that calls get() or wait(), or never; pass "
                  "std::launch::async alone");
  clang::SourceRange policyRange = first->getSourceRange();
  if (policyRange.getBegin().isFileID() && policyRange.getEnd().isFileID())
    finding.fix(clang::FixItHint::CreateReplacement(policyRange, "std::launch::async"));
}

} // namespace threadlint::async
