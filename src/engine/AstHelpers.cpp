#include "engine/AstHelpers.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/Stmt.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace threadlint {
namespace {

/// Nodes clang wraps around an expression without changing what the code
/// says; climbing over them finds the syntactic parent.
bool isTransparentWrapper(const clang::Stmt *node) {
  return llvm::isa<clang::ExprWithCleanups, clang::CXXBindTemporaryExpr,
                   clang::MaterializeTemporaryExpr, clang::ImplicitCastExpr, clang::ParenExpr,
                   clang::ConstantExpr>(node);
}

const clang::Stmt *statementParent(const clang::Stmt &node, clang::ASTContext &context) {
  clang::DynTypedNodeList parents = context.getParents(node);
  if (parents.empty())
    return nullptr;
  return parents[0].get<clang::Stmt>();
}

bool isBodyOf(const clang::Stmt *child, const clang::Stmt *parent) {
  if (const auto *ifStmt = llvm::dyn_cast<clang::IfStmt>(parent))
    return child == ifStmt->getThen() || child == ifStmt->getElse();
  if (const auto *whileStmt = llvm::dyn_cast<clang::WhileStmt>(parent))
    return child == whileStmt->getBody();
  if (const auto *doStmt = llvm::dyn_cast<clang::DoStmt>(parent))
    return child == doStmt->getBody();
  if (const auto *forStmt = llvm::dyn_cast<clang::ForStmt>(parent))
    return child == forStmt->getBody() || child == forStmt->getInc() ||
           child == forStmt->getInit();
  if (const auto *rangeFor = llvm::dyn_cast<clang::CXXForRangeStmt>(parent))
    return child == rangeFor->getBody();
  if (const auto *label = llvm::dyn_cast<clang::LabelStmt>(parent))
    return child == label->getSubStmt();
  if (const auto *switchCase = llvm::dyn_cast<clang::SwitchCase>(parent))
    return child == switchCase->getSubStmt();
  if (const auto *attributed = llvm::dyn_cast<clang::AttributedStmt>(parent))
    return child == attributed->getSubStmt();
  return false;
}

} // namespace

clang::SourceLocation calleeNameLocation(const clang::CallExpr &call) {
  if (const auto *member = llvm::dyn_cast<clang::CXXMemberCallExpr>(&call))
    return member->getExprLoc();
  const clang::Expr *callee = call.getCallee();
  if (!callee)
    return call.getBeginLoc();
  callee = callee->IgnoreParenImpCasts();
  if (const auto *reference = llvm::dyn_cast<clang::DeclRefExpr>(callee))
    return reference->getLocation();
  if (const auto *overload = llvm::dyn_cast<clang::OverloadExpr>(callee))
    return overload->getNameLoc();
  if (const auto *member = llvm::dyn_cast<clang::MemberExpr>(callee))
    return member->getMemberLoc();
  return callee->getExprLoc();
}

const clang::CXXConstructExpr *constructionIn(const clang::Expr *initializer) {
  while (initializer) {
    initializer = initializer->IgnoreImplicit()->IgnoreParens();
    if (const auto *construct = llvm::dyn_cast<clang::CXXConstructExpr>(initializer)) {
      // `auto v = T(a)`: since C++17 the elided copy leaves T's construction
      // directly, but older modes keep a copy/move constructor around it.
      if (construct->getConstructor()->isCopyOrMoveConstructor() &&
          construct->getNumArgs() == 1 &&
          llvm::isa<clang::MaterializeTemporaryExpr>(construct->getArg(0))) {
        initializer = construct->getArg(0);
        continue;
      }
      return construct;
    }
    const auto *cast = llvm::dyn_cast<clang::CXXFunctionalCastExpr>(initializer);
    if (!cast)
      return nullptr;
    initializer = cast->getSubExpr();
  }
  return nullptr;
}

const clang::ValueDecl *namedDecl(const clang::Expr *expression) {
  if (!expression)
    return nullptr;
  expression = expression->IgnoreParenImpCasts();
  if (const auto *reference = llvm::dyn_cast<clang::DeclRefExpr>(expression))
    return llvm::cast<clang::ValueDecl>(reference->getDecl()->getCanonicalDecl());
  if (const auto *member = llvm::dyn_cast<clang::MemberExpr>(expression))
    return llvm::cast<clang::ValueDecl>(member->getMemberDecl()->getCanonicalDecl());
  return nullptr;
}

const clang::ValueDecl *namedObject(const clang::Expr *expression) {
  const auto *member =
      expression ? llvm::dyn_cast<clang::MemberExpr>(expression->IgnoreParenImpCasts()) : nullptr;
  if (member && !llvm::isa<clang::CXXThisExpr>(member->getBase()->IgnoreParenImpCasts()))
    return nullptr;
  return namedDecl(expression);
}

std::string spelledObjectName(const clang::Expr *expression) {
  if (!expression)
    return {};
  expression = expression->IgnoreParenImpCasts();
  if (const auto *reference = llvm::dyn_cast<clang::DeclRefExpr>(expression))
    return reference->getDecl()->getNameAsString();
  if (const auto *member = llvm::dyn_cast<clang::MemberExpr>(expression)) {
    std::string name = member->getMemberDecl()->getNameAsString();
    const clang::Expr *base = member->getBase()->IgnoreParenImpCasts();
    if (llvm::isa<clang::CXXThisExpr>(base))
      return base->isImplicitCXXThis() ? name : "this->" + name;
    std::string baseName = spelledObjectName(base);
    if (baseName.empty())
      return name;
    return baseName + (member->isArrow() ? "->" : ".") + name;
  }
  if (const auto *call = llvm::dyn_cast<clang::CXXOperatorCallExpr>(expression))
    if (call->getOperator() == clang::OO_Subscript && call->getNumArgs() > 0)
      if (std::string base = spelledObjectName(call->getArg(0)); !base.empty())
        return base + "[...]";
  if (const auto *subscript = llvm::dyn_cast<clang::ArraySubscriptExpr>(expression))
    if (std::string base = spelledObjectName(subscript->getBase()); !base.empty())
      return base + "[...]";
  return {};
}

bool isValueDiscarded(const clang::Expr &expression, clang::ASTContext &context) {
  const clang::Stmt *child = &expression;
  const clang::Stmt *parent = statementParent(*child, context);
  while (parent) {
    if (isTransparentWrapper(parent)) {
      child = parent;
      parent = statementParent(*child, context);
      continue;
    }
    if (llvm::isa<clang::CompoundStmt>(parent) || isBodyOf(child, parent))
      return true;
    if (const auto *cast = llvm::dyn_cast<clang::ExplicitCastExpr>(parent))
      return cast->getTypeAsWritten()->isVoidType();
    if (const auto *binary = llvm::dyn_cast<clang::BinaryOperator>(parent)) {
      if (binary->getOpcode() != clang::BO_Comma)
        return false;
      if (child == binary->getLHS())
        return true;
      child = parent;
      parent = statementParent(*child, context);
      continue;
    }
    return false;
  }
  return false;
}

const clang::Stmt *loopBody(const clang::Stmt &loop) {
  if (const auto *whileLoop = llvm::dyn_cast<clang::WhileStmt>(&loop))
    return whileLoop->getBody();
  if (const auto *doLoop = llvm::dyn_cast<clang::DoStmt>(&loop))
    return doLoop->getBody();
  if (const auto *forLoop = llvm::dyn_cast<clang::ForStmt>(&loop))
    return forLoop->getBody();
  if (const auto *rangeLoop = llvm::dyn_cast<clang::CXXForRangeStmt>(&loop))
    return rangeLoop->getBody();
  return nullptr;
}

const clang::Stmt *enclosingLoopBody(const clang::Stmt &node, clang::ASTContext &context) {
  clang::DynTypedNode child = clang::DynTypedNode::create(node);
  while (true) {
    clang::DynTypedNodeList parents = context.getParents(child);
    if (parents.empty())
      return nullptr;
    const clang::DynTypedNode &parent = parents[0];
    if (parent.get<clang::LambdaExpr>() || parent.get<clang::FunctionDecl>() ||
        parent.get<clang::BlockDecl>())
      return nullptr;
    if (const auto *loop = parent.get<clang::Stmt>())
      if (const clang::Stmt *body = loopBody(*loop))
        return child.get<clang::Stmt>() == body ? loop : nullptr;
    child = parent;
  }
}

namespace {

void collectReferencedVariables(const clang::Stmt *statement,
                                llvm::SmallPtrSetImpl<const clang::VarDecl *> &variables,
                                bool &hasCall) {
  if (!statement)
    return;
  if (llvm::isa<clang::CallExpr>(statement))
    hasCall = true;
  if (const auto *reference = llvm::dyn_cast<clang::DeclRefExpr>(statement))
    if (const auto *variable = llvm::dyn_cast<clang::VarDecl>(reference->getDecl()))
      variables.insert(variable);
  for (const clang::Stmt *child : statement->children())
    collectReferencedVariables(child, variables, hasCall);
}

/// Whether `body` steps `variable` (`++`, `--`, `+=`, `-=`).
bool stepsVariable(const clang::Stmt *body, const clang::VarDecl *variable) {
  if (!body)
    return false;
  auto refersTo = [variable](const clang::Expr *expression) {
    const auto *reference =
        llvm::dyn_cast<clang::DeclRefExpr>(expression->IgnoreParenImpCasts());
    return reference && reference->getDecl() == variable;
  };
  if (const auto *unary = llvm::dyn_cast<clang::UnaryOperator>(body))
    if (unary->isIncrementDecrementOp() && refersTo(unary->getSubExpr()))
      return true;
  if (const auto *compound = llvm::dyn_cast<clang::CompoundAssignOperator>(body))
    if ((compound->getOpcode() == clang::BO_AddAssign ||
         compound->getOpcode() == clang::BO_SubAssign) &&
        refersTo(compound->getLHS()))
      return true;
  for (const clang::Stmt *child : body->children())
    if (stepsVariable(child, variable))
      return true;
  return false;
}

/// `while (n) { …; --n; }`: a counted loop spelled with `while`. Its
/// condition calls nothing and reads only integer variables the body steps.
bool isCountedWhile(const clang::Expr *condition, const clang::Stmt *body) {
  if (!condition)
    return false;
  llvm::SmallPtrSet<const clang::VarDecl *, 4> variables;
  bool hasCall = false;
  collectReferencedVariables(condition, variables, hasCall);
  if (hasCall || variables.empty())
    return false;
  return llvm::all_of(variables, [&](const clang::VarDecl *variable) {
    return variable->getType()->isIntegerType() && !variable->getType()->isBooleanType() &&
           stepsVariable(body, variable);
  });
}

const llvm::StringRef GrowingMethods[] = {"push_back", "emplace_back", "push",   "emplace",
                                          "insert",    "push_front",   "resize", "emplace_front"};

/// Whether `body` grows the container `object` names.
bool growsContainer(const clang::Stmt *body, const clang::ValueDecl *object) {
  if (!body)
    return false;
  if (const auto *call = llvm::dyn_cast<clang::CXXMemberCallExpr>(body);
      call && call->getMethodDecl() && call->getMethodDecl()->getDeclName().isIdentifier() &&
      llvm::is_contained(GrowingMethods, call->getMethodDecl()->getName()) &&
      namedObject(call->getImplicitObjectArgument()) == object)
    return true;
  return llvm::any_of(body->children(),
                      [&](const clang::Stmt *child) { return growsContainer(child, object); });
}

/// `while (workers.size() < limit) workers.emplace_back(…);`: a loop that
/// fills a container to a size, one element per iteration.
bool isFillToSize(const clang::Expr *condition, const clang::Stmt *body) {
  if (!condition)
    return false;
  const auto *comparison =
      llvm::dyn_cast<clang::BinaryOperator>(condition->IgnoreImplicit()->IgnoreParens());
  if (!comparison || !(comparison->getOpcode() == clang::BO_LT ||
                       comparison->getOpcode() == clang::BO_LE ||
                       comparison->getOpcode() == clang::BO_NE))
    return false;
  const clang::Expr *measured = comparison->getLHS()->IgnoreParenImpCasts();
  if (const auto *cast = llvm::dyn_cast<clang::ExplicitCastExpr>(measured))
    measured = cast->getSubExpr()->IgnoreParenImpCasts();
  const auto *size = llvm::dyn_cast<clang::CXXMemberCallExpr>(measured);
  if (!size || !size->getMethodDecl() || !size->getMethodDecl()->getDeclName().isIdentifier() ||
      size->getMethodDecl()->getName() != "size")
    return false;
  const clang::ValueDecl *container = namedObject(size->getImplicitObjectArgument());
  return container && growsContainer(body, container);
}

} // namespace

bool isEventLoop(const clang::Stmt &loop) {
  if (const auto *whileLoop = llvm::dyn_cast<clang::WhileStmt>(&loop))
    return !isCountedWhile(whileLoop->getCond(), whileLoop->getBody()) &&
           !isFillToSize(whileLoop->getCond(), whileLoop->getBody());
  if (const auto *doLoop = llvm::dyn_cast<clang::DoStmt>(&loop))
    return !isCountedWhile(doLoop->getCond(), doLoop->getBody()) &&
           !isFillToSize(doLoop->getCond(), doLoop->getBody());
  if (const auto *forLoop = llvm::dyn_cast<clang::ForStmt>(&loop))
    return forLoop->getCond() == nullptr;
  return false;
}

bool isInfiniteLoop(const clang::Stmt &loop, clang::ASTContext &context) {
  const clang::Expr *condition = nullptr;
  if (const auto *whileLoop = llvm::dyn_cast<clang::WhileStmt>(&loop))
    condition = whileLoop->getCond();
  else if (const auto *doLoop = llvm::dyn_cast<clang::DoStmt>(&loop))
    condition = doLoop->getCond();
  else if (const auto *forLoop = llvm::dyn_cast<clang::ForStmt>(&loop))
    condition = forLoop->getCond();
  else
    return false;
  if (!condition)
    return llvm::isa<clang::ForStmt>(loop);
  if (condition->isValueDependent())
    return false;
  bool value = false;
  return condition->EvaluateAsBooleanCondition(value, context) && value;
}

} // namespace threadlint
