#include "rules/async/ExceptionEscapesThreadRule.h"

#include "engine/AstHelpers.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"

namespace threadlint::async {
using namespace clang::ast_matchers;

namespace {

using CatchChain = std::vector<std::string>;

const CatchChain InvalidArgument = {"::std::invalid_argument", "::std::logic_error",
                                    "::std::exception"};
const CatchChain OutOfRange = {"::std::out_of_range", "::std::logic_error", "::std::exception"};
const CatchChain BadAnyCast = {"::std::bad_any_cast", "::std::bad_cast", "::std::exception"};
const CatchChain BadVariantAccess = {"::std::bad_variant_access", "::std::exception"};
const CatchChain BadOptionalAccess = {"::std::bad_optional_access", "::std::exception"};
/// Whatever the producer stored, or whatever a configured function throws:
/// only a handler for std::exception (or `...`) is taken to stop it.
const CatchChain AnyException = {"::std::exception"};

const llvm::StringRef NumberParsers[] = {"::std::stoi",  "::std::stol",  "::std::stoll",
                                         "::std::stoul", "::std::stoull", "::std::stof",
                                         "::std::stod",  "::std::stold"};
const llvm::StringRef CheckedContainers[] = {
    "::std::vector", "::std::deque",         "::std::array",        "::std::map",
    "::std::unordered_map", "::std::basic_string", "::std::basic_string_view"};

const clang::CXXRecordDecl *objectRecord(const clang::CXXMemberCallExpr &call) {
  const clang::Expr *object = call.getImplicitObjectArgument();
  if (!object)
    return nullptr;
  clang::QualType type = object->IgnoreParenImpCasts()->getType();
  return recordOf(type->isPointerType() ? type->getPointeeType() : type);
}

bool handlerCatchesType(const clang::CXXCatchStmt &handler, clang::QualType thrown) {
  clang::QualType caught = handler.getCaughtType();
  if (caught.isNull())
    return true; // catch (...)
  caught = caught.getNonReferenceType().getUnqualifiedType().getCanonicalType();
  thrown = thrown.getNonReferenceType().getUnqualifiedType().getCanonicalType();
  if (thrown->isArrayType() || thrown->isFunctionType())
    return false; // decayed pointers: rare enough to leave to the exact-type check below
  if (caught == thrown)
    return true;
  const clang::CXXRecordDecl *caughtRecord = caught->getAsCXXRecordDecl();
  const clang::CXXRecordDecl *thrownRecord = thrown->getAsCXXRecordDecl();
  if (caughtRecord && thrownRecord && thrownRecord->hasDefinition())
    return thrownRecord->isDerivedFrom(caughtRecord);
  if (caught->isPointerType() && thrown->isPointerType())
    return caught->getPointeeType()->isVoidType() ||
           caught->getPointeeType().getUnqualifiedType() ==
               thrown->getPointeeType().getUnqualifiedType();
  return false;
}

bool handlerCatchesChain(const clang::CXXCatchStmt &handler, const CatchChain &chain) {
  clang::QualType caught = handler.getCaughtType();
  if (caught.isNull())
    return true;
  const clang::CXXRecordDecl *record = recordOf(caught);
  return record && llvm::is_contained(chain, qualifiedRecordNameOf(*record));
}

/// Whether `condition`, when it is `outcome`, proves that `object` holds a
/// value: `object`, `object.has_value()` or `std::holds_alternative<T>(object)`
/// when true; their negation when false; through `&&` (true) and `||` (false).
bool provesEngaged(const clang::Expr *condition, const clang::ValueDecl *object,
                   bool outcome = true) {
  if (!condition)
    return false;
  condition = condition->IgnoreImplicit()->IgnoreParenImpCasts();
  if (const auto *binary = llvm::dyn_cast<clang::BinaryOperator>(condition);
      binary && binary->getOpcode() == (outcome ? clang::BO_LAnd : clang::BO_LOr))
    return provesEngaged(binary->getLHS(), object, outcome) ||
           provesEngaged(binary->getRHS(), object, outcome);
  if (const auto *negation = llvm::dyn_cast<clang::UnaryOperator>(condition);
      negation && negation->getOpcode() == clang::UO_LNot)
    return provesEngaged(negation->getSubExpr(), object, !outcome);
  if (!outcome)
    return false;
  if (const auto *member = llvm::dyn_cast<clang::CXXMemberCallExpr>(condition)) {
    const clang::CXXMethodDecl *method = member->getMethodDecl();
    bool testsEngagement =
        method && (llvm::isa<clang::CXXConversionDecl>(method) ||
                   (method->getDeclName().isIdentifier() && method->getName() == "has_value"));
    return testsEngagement && namedObject(member->getImplicitObjectArgument()) == object;
  }
  if (const auto *call = llvm::dyn_cast<clang::CallExpr>(condition);
      call && call->getDirectCallee() && call->getNumArgs() == 1 &&
      qualifiedNameOf(*call->getDirectCallee()) == "::std::holds_alternative")
    return namedObject(call->getArg(0)) == object;
  return false;
}

/// A statement after which control cannot continue: `return`, `throw`,
/// `continue`, `break`, or a block ending in one.
bool exits(const clang::Stmt *statement) {
  if (const auto *block = llvm::dyn_cast_or_null<clang::CompoundStmt>(statement))
    return !block->body_empty() && exits(block->body_back());
  return llvm::isa_and_nonnull<clang::ReturnStmt, clang::ContinueStmt, clang::BreakStmt>(
             statement) ||
         (llvm::isa_and_nonnull<clang::Expr>(statement) &&
          llvm::isa<clang::CXXThrowExpr>(llvm::cast<clang::Expr>(statement)->IgnoreImplicit()));
}

bool mentions(const clang::Stmt *statement, const clang::ValueDecl *object) {
  if (!statement)
    return false;
  if (const auto *expression = llvm::dyn_cast<clang::Expr>(statement);
      expression && (llvm::isa<clang::DeclRefExpr>(expression) ||
                     llvm::isa<clang::MemberExpr>(expression)) &&
      namedObject(expression) == object)
    return true;
  return llvm::any_of(statement->children(),
                      [&](const clang::Stmt *child) { return mentions(child, object); });
}

bool isOptional(clang::QualType type) {
  const clang::CXXRecordDecl *record = recordOf(type);
  return record && qualifiedRecordNameOf(*record) == "::std::optional";
}

/// `object = value;` (a value, not another optional or std::nullopt) or
/// `object.emplace(...)`: afterwards the optional holds a value.
bool engagesOptional(const clang::Stmt *statement, const clang::ValueDecl *object) {
  const auto *expression = llvm::dyn_cast_or_null<clang::Expr>(statement);
  if (!expression || !isOptional(object->getType()))
    return false;
  expression = expression->IgnoreImplicit();
  if (const auto *assignment = llvm::dyn_cast<clang::CXXOperatorCallExpr>(expression);
      assignment && assignment->getOperator() == clang::OO_Equal && assignment->getNumArgs() == 2) {
    clang::QualType assigned = assignment->getArg(1)->IgnoreImplicit()->getType();
    const clang::CXXRecordDecl *assignedRecord = recordOf(assigned);
    bool engaging = !isOptional(assigned) &&
                    !(assignedRecord && qualifiedRecordNameOf(*assignedRecord) == "::std::nullopt_t");
    return engaging && namedObject(assignment->getArg(0)) == object;
  }
  if (const auto *member = llvm::dyn_cast<clang::CXXMemberCallExpr>(expression);
      member && member->getMethodDecl() && member->getMethodDecl()->getDeclName().isIdentifier() &&
      member->getMethodDecl()->getName() == "emplace")
    return namedObject(member->getImplicitObjectArgument()) == object;
  return false;
}

/// What the code around an access says about the optional or variant.
enum class Engagement {
  Proven,  ///< it holds a value there
  Touched, ///< something earlier changes it in a way not followed: outer checks prove nothing
  Unknown, ///< nothing here: look further out
};

/// Looking back from `child` through the statements of `block` before it:
/// the nearest one that touches `object` engages it, or returns early when it
/// is empty.
Engagement engagementFromEarlierStatements(const clang::CompoundStmt &block,
                                           const clang::Stmt *child,
                                           const clang::ValueDecl *object) {
  const clang::Stmt *const *position = llvm::find(block.body(), child);
  if (position == block.body_end())
    return Engagement::Unknown;
  while (position != block.body_begin()) {
    const clang::Stmt *earlier = *--position;
    if (const auto *branch = llvm::dyn_cast<clang::IfStmt>(earlier);
        branch && !branch->getElse() && exits(branch->getThen()) &&
        provesEngaged(branch->getCond(), object, /*outcome=*/false))
      return Engagement::Proven;
    if (engagesOptional(earlier, object))
      return Engagement::Proven;
    if (mentions(earlier, object))
      return Engagement::Touched;
  }
  return Engagement::Unknown;
}

/// What the code around `child` (its parent `parent`) proves about `object`
/// where `child` runs.
Engagement engagementFromParent(const clang::DynTypedNode &parent,
                                const clang::DynTypedNode &child,
                                const clang::ValueDecl *object) {
  const auto *childStatement = child.get<clang::Stmt>();
  if (!childStatement)
    return Engagement::Unknown;
  bool proven = false;
  if (const auto *branch = parent.get<clang::IfStmt>())
    proven = (branch->getThen() == childStatement && provesEngaged(branch->getCond(), object)) ||
             (branch->getElse() == childStatement &&
              provesEngaged(branch->getCond(), object, /*outcome=*/false));
  else if (const auto *whileLoop = parent.get<clang::WhileStmt>())
    proven = whileLoop->getBody() == childStatement && provesEngaged(whileLoop->getCond(), object);
  else if (const auto *forLoop = parent.get<clang::ForStmt>())
    proven = forLoop->getBody() == childStatement && provesEngaged(forLoop->getCond(), object);
  else if (const auto *choice = parent.get<clang::ConditionalOperator>())
    proven = choice->getTrueExpr() == childStatement && provesEngaged(choice->getCond(), object);
  else if (const auto *binary = parent.get<clang::BinaryOperator>())
    proven = binary->getOpcode() == clang::BO_LAnd && binary->getRHS() == childStatement &&
             provesEngaged(binary->getLHS(), object);
  else if (const auto *block = parent.get<clang::CompoundStmt>())
    return engagementFromEarlierStatements(*block, childStatement, object);
  return proven ? Engagement::Proven : Engagement::Unknown;
}

} // namespace

RuleInfo ExceptionEscapesThreadRule::describe() {
  return {"threadlint-exception-escapes-thread", "async", Severity::Warning,
          "an exception escaping a thread entry calls std::terminate",
          {{"ThrowingFunctions", "",
            "semicolon-separated qualified names of further functions that throw"}}};
}

ExceptionEscapesThreadRule::ExceptionEscapesThreadRule(const RuleEnvironment &environment)
    : Rule(environment), vocabulary_(environment.options), entries_(vocabulary_),
      extraThrowingFunctions_(environment.options.getList("ThrowingFunctions")) {}

void ExceptionEscapesThreadRule::registerMatchers(MatchFinder &finder,
                                                  MatchFinder::MatchCallback &callback) {
  entries_.registerMatchers(finder, callback);
  finder.addMatcher(cxxThrowExpr(unless(isExpansionInSystemHeader())).bind("throw"), &callback);
  finder.addMatcher(callExpr(unless(isExpansionInSystemHeader())).bind("call"), &callback);
}

void ExceptionEscapesThreadRule::check(const MatchFinder::MatchResult &result) {
  context_ = result.Context;
  if (entries_.collect(result))
    return;
  if (const auto *throwExpr = result.Nodes.getNodeAs<clang::CXXThrowExpr>("throw")) {
    std::string what = throwExpr->getSubExpr()
                           ? "this '" + throwExpr->getSubExpr()->getType().getAsString() + "'"
                           : "the rethrown exception";
    sites_.push_back({throwExpr, throwExpr->getThrowLoc(), what, {}, nullptr});
    return;
  }
  const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("call");
  if (!call)
    return;
  const clang::FunctionDecl *callee = call->getDirectCallee();
  if (!callee || !callee->getDeclName().isIdentifier())
    return;
  std::string name = qualifiedNameOf(*callee);
  std::vector<CatchChain> throws;
  const clang::ValueDecl *accessedObject = nullptr;
  if (llvm::is_contained(NumberParsers, name)) {
    throws = {InvalidArgument, OutOfRange};
  } else if (const auto *member = llvm::dyn_cast<clang::CXXMemberCallExpr>(call)) {
    const clang::CXXRecordDecl *object = objectRecord(*member);
    llvm::StringRef method = callee->getName();
    if (!object)
      return;
    std::string objectName = qualifiedRecordNameOf(*object);
    if (method == "at" && llvm::is_contained(CheckedContainers, objectName))
      throws = {OutOfRange};
    else if (method == "get" && vocabulary_.recordIs(object, ConcurrencyKind::Future))
      throws = {AnyException};
    else if (method == "value" && objectName == "::std::optional") {
      throws = {BadOptionalAccess};
      accessedObject = namedObject(member->getImplicitObjectArgument());
    }
    name = objectName + "::" + method.str();
  } else if (name == "::std::any_cast" && call->getNumArgs() == 1 &&
             !call->getArg(0)->getType()->isPointerType()) {
    throws = {BadAnyCast};
  } else if (name == "::std::get" && call->getNumArgs() == 1) {
    const clang::CXXRecordDecl *argument = recordOf(call->getArg(0)->getType());
    if (argument && qualifiedRecordNameOf(*argument) == "::std::variant") {
      throws = {BadVariantAccess};
      accessedObject = namedObject(call->getArg(0));
    }
  }
  if (throws.empty())
    for (const std::string &extra : extraThrowingFunctions_)
      if (name == extra || name == "::" + extra)
        throws = {AnyException};
  if (throws.empty())
    return;
  sites_.push_back(
      {call, calleeNameLocation(*call), "'" + name.substr(2) + "'", throws, accessedObject});
}

void ExceptionEscapesThreadRule::onEndOfTranslationUnit() {
  if (!context_)
    return;
  for (const ThrowSite &site : sites_) {
    const clang::FunctionDecl *entry = enclosingFunction(*site.expression, *context_);
    if (!entry || !entries_.runsAsThreadBody(entry))
      continue;
    if (const auto *prototype = entry->getType()->getAs<clang::FunctionProtoType>();
        prototype && prototype->isNothrow())
      continue; // the author chose std::terminate
    // Climb to the entry's body; a try block on the way may catch the exception.
    bool caught = false;
    const clang::ValueDecl *accessedObject = site.accessedObject;
    clang::DynTypedNode child = clang::DynTypedNode::create(*site.expression);
    while (!caught) {
      clang::DynTypedNodeList parents = context_->getParents(child);
      if (parents.empty())
        break;
      const clang::DynTypedNode &parent = parents[0];
      if (parent.get<clang::LambdaExpr>() || parent.get<clang::FunctionDecl>())
        break;
      Engagement engagement = accessedObject
                                  ? engagementFromParent(parent, child, accessedObject)
                                  : Engagement::Unknown;
      if (engagement == Engagement::Proven) {
        caught = true; // checked first: this access cannot throw
        break;
      }
      if (engagement == Engagement::Touched)
        accessedObject = nullptr;
      if (const auto *tryStmt = parent.get<clang::CXXTryStmt>();
          tryStmt && child.get<clang::Stmt>() == tryStmt->getTryBlock()) {
        for (unsigned index = 0; index < tryStmt->getNumHandlers() && !caught; ++index) {
          const clang::CXXCatchStmt &handler = *tryStmt->getHandler(index);
          if (site.catchableAs.empty()) {
            const auto *throwExpr = llvm::cast<clang::CXXThrowExpr>(site.expression);
            caught = throwExpr->getSubExpr()
                         ? handlerCatchesType(handler, throwExpr->getSubExpr()->getType())
                         : handler.getCaughtType().isNull();
          }
        }
        if (!site.catchableAs.empty())
          caught = llvm::all_of(site.catchableAs, [&](const CatchChain &chain) {
            for (unsigned index = 0; index < tryStmt->getNumHandlers(); ++index)
              if (handlerCatchesChain(*tryStmt->getHandler(index), chain))
                return true;
            return false;
          });
      }
      child = parent;
    }
    if (caught)
      continue;
    report(site.location, site.what + " can escape this thread entry and terminate the process")
        .explain("an exception escaping a thread calls std::terminate; catch it in the entry and "
                 "hand the failure to the owner (a std::promise, a std::packaged_task, or a "
                 "status it checks)")
        .note(entries_.startedAt(entry), "the thread is started here");
  }
  sites_.clear();
}

} // namespace threadlint::async
