#include "rules/names/UnboundedNameRegistryRule.h"

#include "engine/AstHelpers.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"

#include <optional>

namespace threadlint::names {

namespace {

bool isStringKey(clang::QualType key) {
  if (key.isNull())
    return false;
  key = key.getCanonicalType();
  if (key->isPointerType())
    return key->getPointeeType()->isAnyCharacterType();
  const clang::CXXRecordDecl *record = recordOf(key);
  if (!record)
    return false;
  std::string name = qualifiedRecordNameOf(*record);
  return name == "::std::basic_string" || name == "::std::basic_string_view";
}

bool hasStaticStorage(const clang::ValueDecl *decl) {
  const auto *variable = llvm::dyn_cast_or_null<clang::VarDecl>(decl);
  return variable && variable->hasGlobalStorage() && !variable->getTLSKind();
}

/// Whether `condition` being true means the key is in the container
/// (`m.find(k) != m.end()`, `m.count(k)`, `m.contains(k)`): true; that it
/// is not (`m.find(k) == m.end()`, `!m.count(k)`): false; unrelated: none.
std::optional<bool> presenceWhenTrue(const clang::Expr *condition, const Insertion &insertion) {
  if (!condition || !insertion.key)
    return std::nullopt;
  condition = condition->IgnoreImplicit()->IgnoreParenImpCasts();
  const clang::ValueDecl *key = namedDecl(insertion.key);
  auto isLookup = [&](const clang::Expr *expression, llvm::ArrayRef<llvm::StringRef> names) {
    const auto *call =
        llvm::dyn_cast<clang::CXXMemberCallExpr>(expression->IgnoreImplicit()->IgnoreParenImpCasts());
    const clang::CXXMethodDecl *method = call ? call->getMethodDecl() : nullptr;
    return method && method->getDeclName().isIdentifier() &&
           llvm::is_contained(names, method->getName()) && call->getNumArgs() == 1 && key &&
           namedDecl(call->getImplicitObjectArgument()) == insertion.containerDecl &&
           namedDecl(call->getArg(0)) == key;
  };
  if (const auto *negation = llvm::dyn_cast<clang::UnaryOperator>(condition);
      negation && negation->getOpcode() == clang::UO_LNot) {
    std::optional<bool> inner = presenceWhenTrue(negation->getSubExpr(), insertion);
    return inner ? std::optional<bool>(!*inner) : std::nullopt;
  }
  if (isLookup(condition, {"count", "contains"}))
    return true;
  const clang::Expr *left = nullptr, *right = nullptr;
  std::optional<bool> equal;
  if (const auto *binary = llvm::dyn_cast<clang::BinaryOperator>(condition)) {
    if (binary->getOpcode() == clang::BO_LAnd)
      for (const clang::Expr *side : {binary->getLHS(), binary->getRHS()})
        if (presenceWhenTrue(side, insertion) == true)
          return true;
    if (binary->getOpcode() == clang::BO_EQ || binary->getOpcode() == clang::BO_NE) {
      equal = binary->getOpcode() == clang::BO_EQ;
      left = binary->getLHS();
      right = binary->getRHS();
    }
  } else if (const auto *rewritten = llvm::dyn_cast<clang::CXXRewrittenBinaryOperator>(condition)) {
    // C++20 spells `a != b` as `!(a == b)` through a rewritten operator.
    clang::CXXRewrittenBinaryOperator::DecomposedForm form = rewritten->getDecomposedForm();
    if (form.Opcode == clang::BO_EQ || form.Opcode == clang::BO_NE) {
      equal = form.Opcode == clang::BO_EQ;
      left = form.LHS;
      right = form.RHS;
    }
  } else if (const auto *call = llvm::dyn_cast<clang::CXXOperatorCallExpr>(condition)) {
    if ((call->getOperator() == clang::OO_EqualEqual ||
         call->getOperator() == clang::OO_ExclaimEqual) &&
        call->getNumArgs() == 2) {
      equal = call->getOperator() == clang::OO_EqualEqual;
      left = call->getArg(0);
      right = call->getArg(1);
    }
  }
  if (!equal)
    return std::nullopt;
  for (const clang::Expr *side : {left, right})
    if (isLookup(side, {"find"}))
      return !*equal; // `find(k) != end()` when present
  auto isZero = [](const clang::Expr *expression) {
    const auto *literal =
        llvm::dyn_cast<clang::IntegerLiteral>(expression->IgnoreImplicit()->IgnoreParenImpCasts());
    return literal && literal->getValue() == 0;
  };
  if ((isLookup(left, {"count"}) && isZero(right)) || (isLookup(right, {"count"}) && isZero(left)))
    return !*equal; // `count(k) != 0` when present
  return std::nullopt;
}

bool leaves(const clang::Stmt *statement) {
  if (!statement || llvm::isa<clang::LambdaExpr>(statement))
    return false;
  if (llvm::isa<clang::ReturnStmt, clang::CXXThrowExpr, clang::ContinueStmt, clang::BreakStmt>(
          statement))
    return true;
  return llvm::any_of(statement->children(), leaves);
}

bool contains(const clang::Stmt *outer, const clang::Stmt *inner) {
  if (!outer)
    return false;
  if (outer == inner)
    return true;
  return llvm::any_of(outer->children(),
                      [&](const clang::Stmt *child) { return contains(child, inner); });
}

/// `if (m.find(k) != m.end()) return m[k];` or an earlier
/// `if (!m.count(k)) return;`: an operator[] on a key known to be present
/// inserts nothing.
bool keyKnownPresent(const Insertion &insertion, clang::ASTContext &context) {
  const clang::Stmt *node = insertion.call;
  clang::DynTypedNodeList parents = context.getParents(*node);
  for (unsigned depth = 0; depth < 16 && !parents.empty(); ++depth) {
    const clang::DynTypedNode &parent = parents[0];
    if (const auto *branch = parent.get<clang::IfStmt>()) {
      std::optional<bool> present = presenceWhenTrue(branch->getCond(), insertion);
      if (present && ((*present && contains(branch->getThen(), node)) ||
                      (!*present && contains(branch->getElse(), node))))
        return true;
    }
    if (const auto *block = parent.get<clang::CompoundStmt>()) {
      for (const clang::Stmt *sibling : block->body()) {
        if (sibling == node)
          break;
        const auto *guard = llvm::dyn_cast<clang::IfStmt>(sibling);
        if (guard && presenceWhenTrue(guard->getCond(), insertion) == false &&
            leaves(guard->getThen()))
          return true;
      }
    }
    if (parent.get<clang::FunctionDecl>() || parent.get<clang::LambdaExpr>())
      break;
    if (const auto *statement = parent.get<clang::Stmt>())
      node = statement;
    parents = context.getParents(parent);
  }
  return false;
}

} // namespace

RuleInfo UnboundedNameRegistryRule::describe() {
  return {"threadlint-unbounded-name-registry", "names", Severity::Warning,
          "a process-lifetime table keyed by run-time names that is never pruned",
          {}};
}

bool UnboundedNameRegistryRule::qualifies(const Insertion &insertion,
                                          clang::ASTContext &context) const {
  clang::QualType containerType = insertion.container->IgnoreParenImpCasts()->getType();
  if (containerType->isPointerType())
    containerType = containerType->getPointeeType();
  if (insertion.subscript && keyKnownPresent(insertion, context))
    return false;
  return hasStaticStorage(insertion.containerDecl) &&
         isStringKey(firstTemplateTypeArgument(containerType)) &&
         !isCompileTimeConstant(*insertion.key, context);
}

void UnboundedNameRegistryRule::reportInsertion(const Insertion &insertion) {
  std::string name = insertion.containerDecl->getNameAsString();
  std::string readNote =
      insertion.subscript ? " operator[] inserts a missing key even when the result is only "
                            "read; use find() to look up."
                          : "";
  report(locationOf(insertion), "process-lifetime '" + name + "' gains an entry for every new name")
      .explain("the key comes from run-time data and nothing in this translation unit ever "
               "removes from it; erase entries when their owner goes away, bound the table, or "
               "key it by a closed set such as an enum." + readNote);
}

} // namespace threadlint::names
