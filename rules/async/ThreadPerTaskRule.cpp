#include "rules/async/ThreadPerTaskRule.h"

#include "engine/AstHelpers.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"

namespace threadlint::async {
using namespace clang::ast_matchers;

namespace {

/// `std::vector<std::thread>` and friends.
bool holdsThreads(const clang::Expr *container, const ConcurrencyVocabulary &vocabulary) {
  clang::QualType element = firstTemplateTypeArgument(container->getType());
  return !element.isNull() && vocabulary.typeIs(element, ConcurrencyKind::Thread);
}

} // namespace

RuleInfo ThreadPerTaskRule::describe() {
  RuleInfo info{"threadlint-thread-per-task", "async", Severity::Warning,
          "a thread started in every iteration of an event loop: unbounded, unsupervised",
          {}};
  info.productionCodeOnly = true; // RULES.md: (production code)
  return info;
}

ThreadPerTaskRule::ThreadPerTaskRule(const RuleEnvironment &environment)
    : Rule(environment), vocabulary_(environment.options) {}

void ThreadPerTaskRule::registerMatchers(MatchFinder &finder,
                                         MatchFinder::MatchCallback &callback) {
  auto threadType = vocabulary_.type(ConcurrencyKind::Thread);
  finder.addMatcher(
      cxxConstructExpr(hasType(threadType), argumentCountAtLeast(1),
                       hasDeclaration(cxxConstructorDecl(
                           unless(anyOf(isCopyConstructor(), isMoveConstructor())))),
                       unless(isExpansionInSystemHeader()))
          .bind("construct"),
      &callback);
  finder.addMatcher(
      cxxMemberCallExpr(callee(cxxMethodDecl(hasAnyName("emplace_back", "emplace",
                                                        "emplace_front"))),
                        argumentCountAtLeast(1), unless(hasArgument(0, hasType(threadType))))
          .bind("emplace"),
      &callback);
}

void ThreadPerTaskRule::check(const MatchFinder::MatchResult &result) {
  clang::SourceLocation location;
  const clang::Stmt *node = nullptr;
  if (const auto *construct = result.Nodes.getNodeAs<clang::CXXConstructExpr>("construct")) {
    node = construct;
    location = construct->getBeginLoc();
  } else if (const auto *emplace = result.Nodes.getNodeAs<clang::CXXMemberCallExpr>("emplace")) {
    if (!holdsThreads(emplace->getImplicitObjectArgument(), vocabulary_))
      return;
    node = emplace;
    location = calleeNameLocation(*emplace);
  }
  if (!node)
    return;
  const clang::Stmt *loop = enclosingLoopBody(*node, *result.Context);
  if (!loop || !isEventLoop(*loop))
    return;
  report(location, "a new thread is started in every iteration of this loop")
      .explain("the thread count follows the load with no bound, each start costs a kernel "
               "thread, and nothing supervises them; submit the work to a bounded thread pool "
               "or executor")
      .note(loop->getBeginLoc(), "the loop that starts a thread per iteration");
}

} // namespace threadlint::async
