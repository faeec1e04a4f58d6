#include "rules/bottleneck/LockWithoutStateRule.h"

#include "engine/Locks.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"

namespace threadlint::bottleneck {
using namespace clang::ast_matchers;

namespace {

/// The C library's functions with hidden global state (the set
/// clang-tidy's concurrency-mt-unsafe knows, abridged to the common ones).
const llvm::StringRef ThreadUnsafeFunctions[] = {
    "::asctime",  "::ctime",       "::gmtime",      "::localtime",   "::strtok",
    "::rand",     "::srand",       "::getenv",      "::setenv",      "::unsetenv",
    "::putenv",   "::strerror",    "::readdir",     "::getpwnam",    "::getpwuid",
    "::getgrnam", "::getgrgid",    "::gethostbyname", "::gethostbyaddr", "::inet_ntoa",
    "::tmpnam",   "::ttyname",     "::setlocale",   "::localeconv",  "::strsignal",
    "::drand48",  "::lrand48",     "::mrand48",     "::ecvt",        "::fcvt",
    "::getlogin", "::crypt",       "::dirname",     "::basename",    "::mbrlen",
    "::lgamma",   "::ptsname",     "::system"};

bool isLockForwarder(const clang::CXXMethodDecl &method) {
  if (!method.getDeclName().isIdentifier())
    return false;
  llvm::StringRef name = method.getName();
  return name == "lock" || name == "unlock" || name == "try_lock" || name == "lock_shared" ||
         name == "unlock_shared" || name == "Lock" || name == "Unlock";
}

/// Static or namespace-scope data, or a thread-unsafe C function, anywhere
/// under `statement`, and in the bodies of the functions it calls that this
/// translation unit defines (one level).
bool touchesHiddenState(const clang::Stmt *statement, unsigned depth) {
  if (!statement || llvm::isa<clang::LambdaExpr>(statement))
    return false;
  if (const auto *reference = llvm::dyn_cast<clang::DeclRefExpr>(statement))
    if (const auto *variable = llvm::dyn_cast<clang::VarDecl>(reference->getDecl()))
      if (variable->hasGlobalStorage() && !variable->getType().isConstQualified() &&
          !variable->isConstexpr())
        return true;
  if (const auto *call = llvm::dyn_cast<clang::CallExpr>(statement))
    if (const clang::FunctionDecl *callee = call->getDirectCallee()) {
      if (callee->getDeclName().isIdentifier() &&
          llvm::is_contained(ThreadUnsafeFunctions, qualifiedNameOf(*callee)))
        return true;
      const clang::FunctionDecl *definition = nullptr;
      if (depth > 0 && !llvm::isa<clang::CXXMethodDecl>(callee) && callee->hasBody(definition) &&
          touchesHiddenState(definition->getBody(), depth - 1))
        return true;
    }
  for (const clang::Stmt *child : statement->children())
    if (touchesHiddenState(child, depth))
      return true;
  return false;
}

bool isImplicitInstantiation(const clang::CXXRecordDecl &record) {
  const auto *specialization = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(&record);
  return specialization &&
         specialization->getSpecializationKind() == clang::TSK_ImplicitInstantiation;
}

} // namespace

RuleInfo LockWithoutStateRule::describe() {
  return {"threadlint-lock-without-state", "bottleneck", Severity::Warning,
          "a mutex in a class with no mutable state to guard: it serializes callers for nothing",
          {}};
}

LockWithoutStateRule::LockWithoutStateRule(const RuleEnvironment &environment)
    : Rule(environment), vocabulary_(environment.options) {}

void LockWithoutStateRule::registerMatchers(MatchFinder &finder,
                                            MatchFinder::MatchCallback &callback) {
  finder.addMatcher(fieldDecl(unless(isExpansionInSystemHeader()), unless(isImplicit()),
                              hasParent(cxxRecordDecl(isDefinition(), unless(isLambda()))))
                        .bind("field"),
                    &callback);
  finder.addMatcher(cxxMethodDecl(isDefinition(), hasBody(compoundStmt()), unless(isImplicit()),
                                  unless(isExpansionInSystemHeader()))
                        .bind("method"),
                    &callback);
}

void LockWithoutStateRule::check(const MatchFinder::MatchResult &result) {
  if (const auto *field = result.Nodes.getNodeAs<clang::FieldDecl>("field")) {
    const auto *record = llvm::dyn_cast<clang::CXXRecordDecl>(field->getParent());
    if (record && !isImplicitInstantiation(*record) &&
        vocabulary_.typeIs(field->getType(), ConcurrencyKind::Mutex))
      mutexes_.push_back(field->getCanonicalDecl());
    return;
  }
  const auto *method = result.Nodes.getNodeAs<clang::CXXMethodDecl>("method");
  if (!method || isImplicitInstantiation(*method->getParent()))
    return;
  if (isLockForwarder(*method))
    forwardingClasses_.insert(method->getParent()->getCanonicalDecl());
  FunctionLocks locks(*method, vocabulary_, *result.Context);
  for (const LockEvent &event : locks.events()) {
    const auto *field = llvm::dyn_cast_or_null<clang::FieldDecl>(event.mutex);
    if (event.kind != LockEvent::Kind::Acquire || !field)
      continue;
    MutexUse &use = uses_[field->getCanonicalDecl()];
    std::vector<const clang::Stmt *> section = locks.criticalSection(event);
    if (!section.empty())
      use.locked = true;
    for (const clang::Stmt *statement : section)
      if (touchesHiddenState(statement, 1))
        use.guardsHidden = true;
  }
}

void LockWithoutStateRule::onEndOfTranslationUnit() {
  for (const clang::FieldDecl *mutex : mutexes_) {
    const auto *record = llvm::cast<clang::CXXRecordDecl>(mutex->getParent());
    auto use = uses_.find(mutex);
    if (use == uses_.end() || !use->second.locked || use->second.guardsHidden)
      continue;
    // Lock wrappers: the mutex is their state.
    if (isCapability(*record) || forwardingClasses_.count(record->getCanonicalDecl()))
      continue;
    bool hasMutableState = llvm::any_of(record->fields(), [&](const clang::FieldDecl *field) {
      if (field->getCanonicalDecl() == mutex)
        return false;
      clang::QualType type = field->getType();
      if (vocabulary_.typeIs(type, ConcurrencyKind::Mutex) ||
          vocabulary_.typeIs(type, ConcurrencyKind::ConditionVariable))
        return false; // other synchronization is not state to guard
      if (type->isReferenceType() || type->isPointerType())
        return !type->getPointeeType().isConstQualified();
      return !type.isConstQualified();
    });
    if (hasMutableState)
      continue;
    std::string name = mutex->getNameAsString();
    report(mutex->getLocation(), "'" + name + "' guards no mutable state of '" +
                                     record->getNameAsString() + "'")
        .explain("every other data member is const, so the lock serializes every caller for "
                 "nothing; make the member functions plain, or keep the lock next to the state "
                 "it protects");
  }
  mutexes_.clear();
  uses_.clear();
  forwardingClasses_.clear();
}

} // namespace threadlint::bottleneck
