#include "engine/Containers.h"

#include "engine/AstHelpers.h"

#include "engine/Vocabulary.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"

namespace threadlint {
using namespace clang::ast_matchers;

namespace {

constexpr const char *RemovalId = "threadlint.pruning.removal";
constexpr const char *AssignmentId = "threadlint.pruning.assignment";
constexpr const char *PassedId = "threadlint.pruning.passed";
constexpr const char *AliasId = "threadlint.pruning.alias";
constexpr const char *AliasedId = "threadlint.pruning.aliased";
constexpr const char *ReturnedId = "threadlint.pruning.returned";
constexpr const char *ReturningId = "threadlint.pruning.returning";

/// A reference or pointer through which the object may be modified.
bool isMutableHandle(clang::QualType type) {
  return (type->isReferenceType() || type->isPointerType()) &&
         !type->getPointeeType().isConstQualified();
}

/// The container a handle is taken from: `table` or `&table`.
const clang::ValueDecl *handleTarget(const clang::Expr *expression) {
  expression = expression->IgnoreParenImpCasts();
  if (const auto *address = llvm::dyn_cast<clang::UnaryOperator>(expression);
      address && address->getOpcode() == clang::UO_AddrOf)
    return namedDecl(address->getSubExpr());
  return namedDecl(expression);
}

const clang::Expr *stripConversions(const clang::Expr *expression) {
  while (expression) {
    expression = expression->IgnoreParenImpCasts();
    if (const auto *temporary = llvm::dyn_cast<clang::MaterializeTemporaryExpr>(expression))
      expression = temporary->getSubExpr();
    else if (const auto *bind = llvm::dyn_cast<clang::CXXBindTemporaryExpr>(expression))
      expression = bind->getSubExpr();
    else if (const auto *cast = llvm::dyn_cast<clang::CXXFunctionalCastExpr>(expression))
      expression = cast->getSubExpr();
    else if (const auto *construct = llvm::dyn_cast<clang::CXXConstructExpr>(expression);
             construct && construct->getNumArgs() >= 1 &&
             !llvm::isa<clang::CXXDefaultArgExpr>(construct->getArg(0)))
      expression = construct->getArg(0);
    else
      return expression;
  }
  return expression;
}

const clang::Expr *stripConversionsToCall(const clang::Expr *expression) {
  while (expression) {
    expression = expression->IgnoreParenImpCasts();
    if (const auto *temporary = llvm::dyn_cast<clang::MaterializeTemporaryExpr>(expression))
      expression = temporary->getSubExpr();
    else if (const auto *bind = llvm::dyn_cast<clang::CXXBindTemporaryExpr>(expression))
      expression = bind->getSubExpr();
    else
      return expression;
  }
  return expression;
}

/// The key of a `{key, value}` or `std::make_pair(key, value)` argument.
const clang::Expr *keyOfPair(const clang::Expr *argument) {
  argument = argument->IgnoreParenImpCasts();
  while (true) {
    if (const auto *temporary = llvm::dyn_cast<clang::MaterializeTemporaryExpr>(argument))
      argument = temporary->getSubExpr()->IgnoreParenImpCasts();
    else if (const auto *bind = llvm::dyn_cast<clang::CXXBindTemporaryExpr>(argument))
      argument = bind->getSubExpr()->IgnoreParenImpCasts();
    else
      break;
  }
  if (const auto *list = llvm::dyn_cast<clang::InitListExpr>(argument))
    return list->getNumInits() >= 1 ? list->getInit(0) : nullptr;
  if (const auto *construct = llvm::dyn_cast<clang::CXXConstructExpr>(argument))
    return construct->getNumArgs() == 2 ? construct->getArg(0) : nullptr;
  if (const auto *call = llvm::dyn_cast<clang::CallExpr>(argument))
    if (const clang::FunctionDecl *callee = call->getDirectCallee();
        callee && callee->getDeclName().isIdentifier() &&
        qualifiedNameOf(*callee) == "::std::make_pair" && call->getNumArgs() == 2)
      return call->getArg(0);
  return nullptr;
}

/// `std::forward_as_tuple(key)` (or `std::tuple<...>{key}`) → key.
const clang::Expr *firstOfTuple(const clang::Expr *argument) {
  argument = stripConversionsToCall(argument);
  if (const auto *call = llvm::dyn_cast_or_null<clang::CallExpr>(argument))
    if (const clang::FunctionDecl *callee = call->getDirectCallee();
        callee && callee->getDeclName().isIdentifier() &&
        (qualifiedNameOf(*callee) == "::std::forward_as_tuple" ||
         qualifiedNameOf(*callee) == "::std::make_tuple") &&
        call->getNumArgs() >= 1)
      return call->getArg(0);
  return nullptr;
}

bool isPiecewiseConstruct(const clang::Expr *argument) {
  const clang::CXXRecordDecl *record = recordOf(argument->getType());
  return record && qualifiedRecordNameOf(*record) == "::std::piecewise_construct_t";
}

} // namespace

clang::QualType mappedTypeOf(clang::QualType container) {
  const auto *specialization =
      llvm::dyn_cast_or_null<clang::ClassTemplateSpecializationDecl>(recordOf(container));
  if (!specialization || specialization->getTemplateArgs().size() < 2)
    return {};
  std::string name = qualifiedRecordNameOf(*specialization);
  if (name != "::std::map" && name != "::std::multimap" && name != "::std::unordered_map" &&
      name != "::std::unordered_multimap")
    return {};
  const clang::TemplateArgument &mapped = specialization->getTemplateArgs()[1];
  return mapped.getKind() == clang::TemplateArgument::Type ? mapped.getAsType()
                                                           : clang::QualType();
}

std::optional<Insertion> asInsertion(const clang::CallExpr &call,
                                     const ConcurrencyVocabulary &vocabulary) {
  const clang::Expr *container = nullptr;
  const clang::Expr *firstArgument = nullptr;
  bool subscript = false;
  llvm::StringRef method;
  if (const auto *member = llvm::dyn_cast<clang::CXXMemberCallExpr>(&call)) {
    if (!member->getMethodDecl() || !member->getMethodDecl()->getDeclName().isIdentifier())
      return std::nullopt;
    method = member->getMethodDecl()->getName();
    container = member->getImplicitObjectArgument();
    firstArgument = call.getNumArgs() > 0 ? call.getArg(0) : nullptr;
  } else if (const auto *operatorCall = llvm::dyn_cast<clang::CXXOperatorCallExpr>(&call)) {
    if (operatorCall->getOperator() != clang::OO_Subscript || call.getNumArgs() != 2)
      return std::nullopt;
    subscript = true;
    container = call.getArg(0);
    firstArgument = call.getArg(1);
  } else {
    return std::nullopt;
  }
  if (!subscript && method != "insert" && method != "emplace" && method != "try_emplace" &&
      method != "insert_or_assign")
    return std::nullopt;
  if (!container || !firstArgument)
    return std::nullopt;
  clang::QualType type = container->IgnoreParenImpCasts()->getType();
  if (type->isPointerType())
    type = type->getPointeeType();
  if (!vocabulary.typeIs(type, ConcurrencyKind::AssociativeContainer))
    return std::nullopt;

  Insertion insertion;
  insertion.call = &call;
  insertion.container = container;
  insertion.containerDecl = namedDecl(container);
  insertion.subscript = subscript;
  // insert/emplace take the key first, except a pair or an iterator hint.
  if (subscript || method == "try_emplace" || method == "insert_or_assign") {
    insertion.key = firstArgument;
  } else if (method == "emplace" && isPiecewiseConstruct(firstArgument)) {
    insertion.key = call.getNumArgs() >= 2 ? firstOfTuple(call.getArg(1)) : nullptr;
  } else if (const clang::Expr *pairKey = keyOfPair(firstArgument)) {
    insertion.key = pairKey;
  } else {
    clang::QualType keyType = firstTemplateTypeArgument(type);
    clang::QualType argumentType = firstArgument->getType().getNonReferenceType();
    if (!keyType.isNull() &&
        (argumentType.getCanonicalType().getUnqualifiedType() ==
             keyType.getCanonicalType().getUnqualifiedType() ||
         (method == "emplace" && call.getNumArgs() >= 2)))
      insertion.key = firstArgument;
  }
  return insertion;
}

bool isCompileTimeConstant(const clang::Expr &expression, clang::ASTContext &context) {
  const clang::Expr *source = stripConversions(&expression);
  if (!source)
    return false;
  if (llvm::isa<clang::StringLiteral, clang::IntegerLiteral, clang::CharacterLiteral,
                clang::CXXBoolLiteralExpr>(source))
    return true;
  if (const auto *reference = llvm::dyn_cast<clang::DeclRefExpr>(source)) {
    if (llvm::isa<clang::EnumConstantDecl>(reference->getDecl()))
      return true;
    if (const auto *variable = llvm::dyn_cast<clang::VarDecl>(reference->getDecl())) {
      if (variable->isConstexpr())
        return true;
      if (variable->getType().isConstQualified() && variable->getInit() &&
          !variable->getType()->isReferenceType())
        return isCompileTimeConstant(*variable->getInit(), context);
    }
  }
  if (source->isValueDependent() || source->isTypeDependent())
    return false;
  // A constant expression: an enumerator turned into a name by a
  // constexpr function, `sizeof`, arithmetic on constants.
  clang::Expr::EvalResult result;
  return source->EvaluateAsRValue(result, context) && !result.HasSideEffects;
}

void PruningCollector::registerMatchers(MatchFinder &finder,
                                        MatchFinder::MatchCallback &callback) {
  auto userCode = unless(isExpansionInSystemHeader());
  finder.addMatcher(
      cxxMemberCallExpr(userCode, callee(cxxMethodDecl(hasAnyName("erase", "clear", "extract",
                                                                  "swap", "merge"))))
          .bind(RemovalId),
      &callback);
  finder.addMatcher(
      cxxOperatorCallExpr(userCode, hasOverloadedOperatorName("=")).bind(AssignmentId),
      &callback);
  finder.addMatcher(callExpr(userCode, unless(cxxOperatorCallExpr())).bind(PassedId),
                    &callback);
  // A mutable alias (`auto &r = table;`, `auto *p = &table;`) or a function
  // handing out a mutable reference lets code we cannot follow prune it.
  finder.addMatcher(varDecl(userCode, hasType(qualType(anyOf(referenceType(), pointerType()))),
                            hasInitializer(expr().bind(AliasedId)))
                        .bind(AliasId),
                    &callback);
  finder.addMatcher(returnStmt(userCode, hasReturnValue(expr().bind(ReturnedId)),
                               forFunction(functionDecl().bind(ReturningId))),
                    &callback);
}

bool PruningCollector::collect(const MatchFinder::MatchResult &result) {
  if (const auto *removal = result.Nodes.getNodeAs<clang::CXXMemberCallExpr>(RemovalId)) {
    if (const clang::ValueDecl *decl = namedDecl(removal->getImplicitObjectArgument()))
      pruned_.insert(decl);
    // `a.swap(b)` empties b's contents into a as much as a's into b.
    if (removal->getNumArgs() == 1)
      if (const clang::ValueDecl *other = namedDecl(removal->getArg(0)))
        pruned_.insert(other);
    return true;
  }
  if (const auto *assignment = result.Nodes.getNodeAs<clang::CXXOperatorCallExpr>(AssignmentId)) {
    if (assignment->getNumArgs() >= 1)
      if (const clang::ValueDecl *decl = namedDecl(assignment->getArg(0)))
        pruned_.insert(decl);
    return true;
  }
  if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>(PassedId)) {
    const clang::FunctionDecl *callee = call->getDirectCallee();
    for (unsigned index = 0; index < call->getNumArgs(); ++index) {
      const clang::ValueDecl *decl = handleTarget(call->getArg(index));
      if (!decl)
        continue;
      bool mutableParameter = true; // unknown callee: assume it may prune
      if (callee && index < callee->getNumParams())
        mutableParameter = isMutableHandle(callee->getParamDecl(index)->getType());
      else if (callee)
        mutableParameter = false; // variadic: passed by value
      if (mutableParameter)
        pruned_.insert(decl);
    }
    return true;
  }
  if (const auto *alias = result.Nodes.getNodeAs<clang::VarDecl>(AliasId)) {
    if (isMutableHandle(alias->getType()))
      if (const clang::ValueDecl *decl =
              handleTarget(result.Nodes.getNodeAs<clang::Expr>(AliasedId)))
        pruned_.insert(decl);
    return true;
  }
  if (const auto *function = result.Nodes.getNodeAs<clang::FunctionDecl>(ReturningId)) {
    if (isMutableHandle(function->getReturnType()))
      if (const clang::ValueDecl *decl =
              handleTarget(result.Nodes.getNodeAs<clang::Expr>(ReturnedId)))
        pruned_.insert(decl);
    return true;
  }
  return false;
}

bool PruningCollector::mayBePruned(const clang::ValueDecl *container) const {
  return container && pruned_.count(container);
}

} // namespace threadlint
