#include "rules/async/UnjoinedThreadMemberRule.h"

#include "engine/Vocabulary.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"

#include <set>

namespace threadlint::async {
using namespace clang::ast_matchers;

namespace {

constexpr unsigned CallDepth = 3;

const llvm::StringRef ThreadContainers[] = {"::std::vector", "::std::list", "::std::deque",
                                            "::std::array", "::std::forward_list"};

bool mentionsField(const clang::Stmt *statement, const clang::FieldDecl &field) {
  if (!statement)
    return false;
  if (const auto *member = llvm::dyn_cast<clang::MemberExpr>(statement))
    if (member->getMemberDecl()->getCanonicalDecl() == field.getCanonicalDecl())
      return true;
  for (const clang::Stmt *child : statement->children())
    if (mentionsField(child, field))
      return true;
  return false;
}

/// Looks for `join()`/`detach()` on the field, directly (`worker_.join()`,
/// `workers_[i].join()`) or on elements reached from it (a range `for` over
/// it, an algorithm called with it), in `body` and in the member functions
/// of the same class it calls.
class JoinFinder {
public:
  explicit JoinFinder(const clang::FieldDecl &field) : field_(field) {}

  bool joinsIn(const clang::Stmt *body, unsigned depth) { return search(body, depth, false); }

private:
  /// `overField`: `statement` runs inside a loop or algorithm call over the
  /// field, so a join there joins the field's elements.
  bool search(const clang::Stmt *statement, unsigned depth, bool overField) {
    if (!statement)
      return false;
    if (const auto *call = llvm::dyn_cast<clang::CXXMemberCallExpr>(statement)) {
      if (isJoinOrDetach(*call) &&
          (overField || mentionsField(call->getImplicitObjectArgument(), field_)))
        return true;
      if (depth > 0 && followsInto(*call, depth))
        return true;
    }
    if (const auto *rangeFor = llvm::dyn_cast<clang::CXXForRangeStmt>(statement))
      overField = overField || mentionsField(rangeFor->getRangeInit(), field_);
    else if (const auto *forLoop = llvm::dyn_cast<clang::ForStmt>(statement))
      overField = overField || mentionsField(forLoop->getInit(), field_) ||
                  mentionsField(forLoop->getCond(), field_);
    else if (const auto *call = llvm::dyn_cast<clang::CallExpr>(statement))
      overField = overField || llvm::any_of(call->arguments(), [&](const clang::Expr *argument) {
                    return mentionsField(argument, field_);
                  });
    if (const auto *lambda = llvm::dyn_cast<clang::LambdaExpr>(statement))
      return search(lambda->getBody(), depth, overField);
    for (const clang::Stmt *child : statement->children())
      if (search(child, depth, overField))
        return true;
    return false;
  }

  /// Member functions of the same class that the destructor calls.
  bool followsInto(const clang::CXXMemberCallExpr &call, unsigned depth) {
    const clang::CXXMethodDecl *callee = call.getMethodDecl();
    if (!callee || callee->getParent()->getCanonicalDecl() !=
                       llvm::cast<clang::CXXRecordDecl>(field_.getParent())->getCanonicalDecl())
      return false;
    const clang::FunctionDecl *definition = nullptr;
    return callee->hasBody(definition) && visited_.insert(definition).second &&
           search(definition->getBody(), depth - 1, false);
  }

  static bool isJoinOrDetach(const clang::CXXMemberCallExpr &call) {
    const clang::CXXMethodDecl *method = call.getMethodDecl();
    return method && method->getDeclName().isIdentifier() &&
           (method->getName() == "join" || method->getName() == "detach");
  }

  const clang::FieldDecl &field_;
  std::set<const clang::FunctionDecl *> visited_;
};

} // namespace

RuleInfo UnjoinedThreadMemberRule::describe() {
  RuleInfo info{"threadlint-unjoined-thread-member", "async", Severity::Warning,
          "a std::thread member the destructor never joins: its destruction calls std::terminate",
          {}};
  info.productionCodeOnly = true; // RULES.md: (production code)
  return info;
}

UnjoinedThreadMemberRule::UnjoinedThreadMemberRule(const RuleEnvironment &environment)
    : Rule(environment), vocabulary_(environment.options) {}

bool UnjoinedThreadMemberRule::isPlainThread(clang::QualType type) const {
  const clang::CXXRecordDecl *record = recordOf(type);
  // std::jthread joins itself; only std::thread terminates when destroyed joinable.
  return record && qualifiedRecordNameOf(*record) == "::std::thread";
}

bool UnjoinedThreadMemberRule::holdsPlainThreads(clang::QualType type) const {
  type = type.getCanonicalType();
  if (const clang::ArrayType *array = type->getAsArrayTypeUnsafe())
    return isPlainThread(array->getElementType());
  const clang::CXXRecordDecl *container = recordOf(type);
  if (!container || !llvm::is_contained(ThreadContainers, qualifiedRecordNameOf(*container)))
    return false;
  clang::QualType element = firstTemplateTypeArgument(type);
  return !element.isNull() && isPlainThread(element);
}

void UnjoinedThreadMemberRule::registerMatchers(MatchFinder &finder,
                                                MatchFinder::MatchCallback &callback) {
  finder.addMatcher(fieldDecl(unless(isExpansionInSystemHeader()),
                              unless(isImplicit()),
                              hasParent(cxxRecordDecl(isDefinition(), unless(isLambda()),
                                                      unless(classTemplateSpecializationDecl()))))
                        .bind("field"),
                    &callback);
}

void UnjoinedThreadMemberRule::check(const MatchFinder::MatchResult &result) {
  const auto *field = result.Nodes.getNodeAs<clang::FieldDecl>("field");
  if (!field)
    return;
  bool single = isPlainThread(field->getType());
  if (!single && !holdsPlainThreads(field->getType()))
    return;
  const auto *record = llvm::dyn_cast<clang::CXXRecordDecl>(field->getParent());
  if (!record)
    return;
  // In a class template the destructor is found by walking the members:
  // the lookup getDestructor() makes does not see it in the pattern.
  const clang::CXXDestructorDecl *destructor = record->getDestructor();
  for (const clang::Decl *member : record->decls())
    if (!destructor)
      destructor = llvm::dyn_cast<clang::CXXDestructorDecl>(member);
  std::string why;
  if (!destructor || destructor->isImplicit()) {
    why = "has no destructor";
  } else if (destructor->isDefaulted()) {
    why = "has a defaulted destructor";
  } else {
    const clang::FunctionDecl *definition = nullptr;
    if (!destructor->hasBody(definition) || !definition->getBody())
      return; // defined elsewhere: it may well join
    JoinFinder finder(*field);
    if (finder.joinsIn(definition->getBody(), CallDepth))
      return;
    why = "has a destructor that does not join it";
  }
  std::string name = field->getNameAsString();
  std::string className = record->getNameAsString();
  report(field->getLocation(), "'" + name + "' " +
                                   (single ? "is a std::thread" : "holds std::threads") +
                                   " but '" + className + "' " + why)
      .explain("destroying a joinable std::thread calls std::terminate, taking the process down; "
               "make it a std::jthread (joined on destruction, stopped through its "
               "std::stop_token) or join it in the destructor");
}

} // namespace threadlint::async
