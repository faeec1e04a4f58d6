#include "engine/ThreadEntries.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace threadlint {
using namespace clang::ast_matchers;

namespace {

constexpr const char *ConstructionId = "threadlint.thread-entry.construct";
constexpr const char *EmplaceId = "threadlint.thread-entry.emplace";
constexpr const char *PthreadId = "threadlint.thread-entry.pthread";

const clang::FunctionDecl *normalized(const clang::FunctionDecl *function) {
  if (!function)
    return nullptr;
  if (const clang::FunctionDecl *pattern = function->getTemplateInstantiationPattern())
    function = pattern;
  return function->getCanonicalDecl();
}

bool holdsThreads(const clang::Expr *container, const ConcurrencyVocabulary &vocabulary) {
  clang::QualType element = firstTemplateTypeArgument(container->getType());
  return !element.isNull() && vocabulary.typeIs(element, ConcurrencyKind::Thread);
}

} // namespace

ThreadEntryCollector::ThreadEntryCollector(const ConcurrencyVocabulary &vocabulary)
    : vocabulary_(vocabulary) {}

void ThreadEntryCollector::registerMatchers(MatchFinder &finder,
                                            MatchFinder::MatchCallback &callback) {
  auto threadType = vocabulary_.type(ConcurrencyKind::Thread);
  finder.addMatcher(
      cxxConstructExpr(hasType(threadType), argumentCountAtLeast(1),
                       hasDeclaration(cxxConstructorDecl(
                           unless(anyOf(isCopyConstructor(), isMoveConstructor())))),
                       unless(isExpansionInSystemHeader()))
          .bind(ConstructionId),
      &callback);
  finder.addMatcher(
      cxxMemberCallExpr(callee(cxxMethodDecl(hasAnyName("emplace_back", "emplace",
                                                        "emplace_front"))),
                        argumentCountAtLeast(1), unless(hasArgument(0, hasType(threadType))))
          .bind(EmplaceId),
      &callback);
  finder.addMatcher(callExpr(callee(functionDecl(hasName("::pthread_create"))),
                             argumentCountAtLeast(3))
                        .bind(PthreadId),
                    &callback);
}

bool ThreadEntryCollector::collect(const MatchFinder::MatchResult &result) {
  if (const auto *construct = result.Nodes.getNodeAs<clang::CXXConstructExpr>(ConstructionId)) {
    addCallable(construct->getArg(0), construct->getBeginLoc());
    return true;
  }
  if (const auto *emplace = result.Nodes.getNodeAs<clang::CXXMemberCallExpr>(EmplaceId)) {
    if (holdsThreads(emplace->getImplicitObjectArgument(), vocabulary_))
      addCallable(emplace->getArg(0), emplace->getExprLoc());
    return true;
  }
  if (const auto *pthread = result.Nodes.getNodeAs<clang::CallExpr>(PthreadId)) {
    addCallable(pthread->getArg(2), pthread->getBeginLoc());
    return true;
  }
  return false;
}

namespace {

/// The function a lambda's body does nothing but call: `[this] { run(); }`.
const clang::FunctionDecl *forwardingTarget(const clang::LambdaExpr &lambda) {
  const auto *body = llvm::dyn_cast_or_null<clang::CompoundStmt>(lambda.getBody());
  if (!body || body->size() != 1)
    return nullptr;
  const clang::Stmt *only = body->body_front();
  if (const auto *returned = llvm::dyn_cast<clang::ReturnStmt>(only))
    only = returned->getRetValue();
  const auto *expression = llvm::dyn_cast_or_null<clang::Expr>(only);
  const auto *call =
      expression ? llvm::dyn_cast<clang::CallExpr>(expression->IgnoreImplicit()) : nullptr;
  return call ? call->getDirectCallee() : nullptr;
}

} // namespace

void ThreadEntryCollector::addCallable(const clang::Expr *callable, clang::SourceLocation start) {
  if (!callable)
    return;
  callable = callable->IgnoreParenImpCasts();
  while (true) {
    if (const auto *temporary = llvm::dyn_cast<clang::MaterializeTemporaryExpr>(callable))
      callable = temporary->getSubExpr()->IgnoreParenImpCasts();
    else if (const auto *bind = llvm::dyn_cast<clang::CXXBindTemporaryExpr>(callable))
      callable = bind->getSubExpr()->IgnoreParenImpCasts();
    else if (const auto *construct = llvm::dyn_cast<clang::CXXConstructExpr>(callable);
             construct && construct->getNumArgs() == 1 &&
             construct->getConstructor()->isCopyOrMoveConstructor())
      callable = construct->getArg(0)->IgnoreParenImpCasts();
    else if (const auto *address = llvm::dyn_cast<clang::UnaryOperator>(callable);
             address && address->getOpcode() == clang::UO_AddrOf)
      callable = address->getSubExpr()->IgnoreParenImpCasts();
    else
      break;
  }
  auto add = [&](const clang::FunctionDecl *function) {
    if (const clang::FunctionDecl *entry = normalized(function))
      entries_.try_emplace(entry, start);
  };
  if (const auto *lambda = llvm::dyn_cast<clang::LambdaExpr>(callable)) {
    add(lambda->getCallOperator());
    if (const clang::FunctionDecl *target = forwardingTarget(*lambda))
      if (const clang::FunctionDecl *body = normalized(target))
        forwardedTo_.try_emplace(body, start);
    return;
  }
  if (const auto *reference = llvm::dyn_cast<clang::DeclRefExpr>(callable)) {
    if (const auto *function = llvm::dyn_cast<clang::FunctionDecl>(reference->getDecl())) {
      add(function);
      return;
    }
    // `auto worker = [] { … }; std::thread t(worker);`
    if (const auto *variable = llvm::dyn_cast<clang::VarDecl>(reference->getDecl()))
      if (const clang::Expr *init = variable->getInit();
          init && llvm::isa<clang::LambdaExpr>(init->IgnoreParenImpCasts())) {
        addCallable(init, start);
        return;
      }
  }
  // A function object: its call operators, templated ones included.
  const clang::CXXRecordDecl *record = recordOf(callable->getType());
  if (!record || !record->hasDefinition())
    return;
  for (const clang::Decl *member : record->decls()) {
    const auto *function = llvm::dyn_cast<clang::FunctionDecl>(member);
    if (const auto *callTemplate = llvm::dyn_cast<clang::FunctionTemplateDecl>(member))
      function = callTemplate->getTemplatedDecl();
    if (function && function->getOverloadedOperator() == clang::OO_Call)
      add(function);
  }
}

bool ThreadEntryCollector::runsAsThreadBody(const clang::FunctionDecl *function) const {
  if (isThreadEntry(function))
    return true;
  const clang::FunctionDecl *body = normalized(function);
  return body && forwardedTo_.contains(body);
}

namespace {

/// The class whose code `function` is: a member function's class, or for a
/// lambda, the class of the member function that defines it.
const clang::CXXRecordDecl *owningClass(const clang::FunctionDecl &function) {
  const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(&function);
  const clang::CXXRecordDecl *record = method ? method->getParent() : nullptr;
  while (record && record->isLambda()) {
    const auto *enclosing = llvm::dyn_cast<clang::CXXMethodDecl>(record->getDeclContext());
    record = enclosing ? enclosing->getParent() : nullptr;
  }
  return record ? record->getCanonicalDecl() : nullptr;
}

/// Whether `statement` calls `target`, directly or through members of
/// `owner` defined in this translation unit, `depth` calls deep. Lambdas are
/// not entered: they run on their own schedule.
bool callsThroughClass(const clang::Stmt &statement, const clang::FunctionDecl *target,
                       const clang::CXXRecordDecl *owner, unsigned depth,
                       llvm::SmallPtrSetImpl<const clang::FunctionDecl *> &visited) {
  if (llvm::isa<clang::LambdaExpr>(statement))
    return false;
  if (const auto *call = llvm::dyn_cast<clang::CallExpr>(&statement))
    if (const clang::FunctionDecl *callee = normalized(call->getDirectCallee())) {
      if (callee == target)
        return true;
      const clang::FunctionDecl *definition = nullptr;
      if (depth > 0 && owningClass(*callee) == owner && callee->hasBody(definition) &&
          visited.insert(callee).second &&
          callsThroughClass(*definition->getBody(), target, owner, depth - 1, visited))
        return true;
    }
  return llvm::any_of(statement.children(), [&](const clang::Stmt *child) {
    return child && callsThroughClass(*child, target, owner, depth, visited);
  });
}

} // namespace

bool ThreadEntryCollector::runsOnOwnThread(const clang::FunctionDecl *function) const {
  if (runsAsThreadBody(function))
    return true;
  const clang::FunctionDecl *target = normalized(function);
  const clang::CXXRecordDecl *owner = target ? owningClass(*target) : nullptr;
  if (!owner)
    return false;
  auto entryCalls = [&](const clang::FunctionDecl *entry) {
    const clang::FunctionDecl *definition = nullptr;
    if (owningClass(*entry) != owner || !entry->hasBody(definition))
      return false;
    llvm::SmallPtrSet<const clang::FunctionDecl *, 8> visited;
    return callsThroughClass(*definition->getBody(), target, owner, /*depth=*/1, visited);
  };
  return llvm::any_of(entries_, [&](const auto &entry) { return entryCalls(entry.first); }) ||
         llvm::any_of(forwardedTo_, [&](const auto &entry) { return entryCalls(entry.first); });
}

bool ThreadEntryCollector::isThreadEntry(const clang::FunctionDecl *function) const {
  return entries_.count(normalized(function)) != 0;
}

clang::SourceLocation ThreadEntryCollector::startedAt(const clang::FunctionDecl *function) const {
  const clang::FunctionDecl *body = normalized(function);
  if (auto found = entries_.find(body); found != entries_.end())
    return found->second;
  auto forwarded = forwardedTo_.find(body);
  return forwarded == forwardedTo_.end() ? clang::SourceLocation() : forwarded->second;
}

const clang::FunctionDecl *enclosingFunction(const clang::Stmt &node, clang::ASTContext &context,
                                             bool toPattern) {
  clang::DynTypedNode current = clang::DynTypedNode::create(node);
  while (true) {
    clang::DynTypedNodeList parents = context.getParents(current);
    if (parents.empty())
      return nullptr;
    current = parents[0];
    const clang::FunctionDecl *function = current.get<clang::FunctionDecl>();
    if (const auto *lambda = current.get<clang::LambdaExpr>())
      function = lambda->getCallOperator();
    if (function)
      return toPattern ? normalized(function) : function;
  }
}

} // namespace threadlint
