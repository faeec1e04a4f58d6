#include "engine/Vocabulary.h"

#include "engine/Rule.h"

#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Type.h"

#include <array>

namespace threadlint {
using namespace clang::ast_matchers;

namespace {

constexpr std::size_t KindCount = static_cast<std::size_t>(ConcurrencyKind::TimePoint) + 1;

const llvm::StringRef ThreadNames[] = {"::std::thread", "::std::jthread"};
// The standard library's locks and those of Boost.Thread, Abseil and Qt,
// which most real code locks instead of std::mutex.
const llvm::StringRef MutexNames[] = {
    "::std::mutex",        "::std::recursive_mutex",  "::std::timed_mutex",
    "::std::recursive_timed_mutex", "::std::shared_mutex", "::std::shared_timed_mutex",
    "::boost::mutex",      "::boost::recursive_mutex", "::boost::timed_mutex",
    "::boost::shared_mutex", "::absl::Mutex",         "::QMutex",
    "::QRecursiveMutex",   "::QReadWriteLock"};
const llvm::StringRef SharedMutexNames[] = {"::std::shared_mutex", "::std::shared_timed_mutex",
                                            "::boost::shared_mutex", "::absl::Mutex",
                                            "::QReadWriteLock"};
const llvm::StringRef RecursiveMutexNames[] = {"::std::recursive_mutex",
                                               "::std::recursive_timed_mutex",
                                               "::boost::recursive_mutex", "::QRecursiveMutex"};
const llvm::StringRef ExclusiveGuardNames[] = {
    "::std::lock_guard",   "::std::unique_lock",     "::std::scoped_lock",
    "::boost::lock_guard", "::boost::unique_lock",   "::absl::MutexLock",
    "::absl::WriterMutexLock", "::QMutexLocker",     "::QWriteLocker"};
const llvm::StringRef SharedGuardNames[] = {"::std::shared_lock", "::boost::shared_lock",
                                            "::absl::ReaderMutexLock", "::QReadLocker"};
const llvm::StringRef ConditionVariableNames[] = {"::std::condition_variable",
                                                  "::std::condition_variable_any"};
const llvm::StringRef FutureNames[] = {"::std::future", "::std::shared_future"};
const llvm::StringRef PromiseNames[] = {"::std::promise"};
const llvm::StringRef PackagedTaskNames[] = {"::std::packaged_task"};
const llvm::StringRef SemaphoreNames[] = {"::std::counting_semaphore"};
const llvm::StringRef LatchNames[] = {"::std::latch"};
const llvm::StringRef BarrierNames[] = {"::std::barrier"};
const llvm::StringRef AssociativeContainerNames[] = {
    "::std::map",           "::std::multimap",           "::std::set",
    "::std::multiset",      "::std::unordered_map",      "::std::unordered_multimap",
    "::std::unordered_set", "::std::unordered_multiset"};
const llvm::StringRef QueueContainerNames[] = {
    "::std::queue", "::std::priority_queue", "::std::deque",
    "::std::list",  "::std::forward_list",   "::std::vector"};
const llvm::StringRef DurationNames[] = {"::std::chrono::duration"};
const llvm::StringRef TimePointNames[] = {"::std::chrono::time_point"};

/// Option names that extend a kind, shared by every rule (local-or-global).
llvm::StringRef optionNameOf(ConcurrencyKind kind) {
  switch (kind) {
  case ConcurrencyKind::Mutex:
    return "MutexTypes";
  case ConcurrencyKind::SharedMutex:
    return "SharedMutexTypes";
  case ConcurrencyKind::ExclusiveGuard:
    return "ExclusiveGuardTypes";
  case ConcurrencyKind::SharedGuard:
    return "SharedGuardTypes";
  default:
    return {};
  }
}

std::string withLeadingColons(llvm::StringRef name) {
  return name.starts_with("::") ? name.str() : "::" + name.str();
}

} // namespace

llvm::ArrayRef<llvm::StringRef> standardNamesOf(ConcurrencyKind kind) {
  switch (kind) {
  case ConcurrencyKind::Thread:
    return ThreadNames;
  case ConcurrencyKind::Mutex:
    return MutexNames;
  case ConcurrencyKind::SharedMutex:
    return SharedMutexNames;
  case ConcurrencyKind::RecursiveMutex:
    return RecursiveMutexNames;
  case ConcurrencyKind::ExclusiveGuard:
    return ExclusiveGuardNames;
  case ConcurrencyKind::SharedGuard:
    return SharedGuardNames;
  case ConcurrencyKind::ConditionVariable:
    return ConditionVariableNames;
  case ConcurrencyKind::Future:
    return FutureNames;
  case ConcurrencyKind::Promise:
    return PromiseNames;
  case ConcurrencyKind::PackagedTask:
    return PackagedTaskNames;
  case ConcurrencyKind::Semaphore:
    return SemaphoreNames;
  case ConcurrencyKind::Latch:
    return LatchNames;
  case ConcurrencyKind::Barrier:
    return BarrierNames;
  case ConcurrencyKind::AssociativeContainer:
    return AssociativeContainerNames;
  case ConcurrencyKind::QueueContainer:
    return QueueContainerNames;
  case ConcurrencyKind::Duration:
    return DurationNames;
  case ConcurrencyKind::TimePoint:
    return TimePointNames;
  }
  return {};
}

std::string qualifiedNameOf(const clang::NamedDecl &decl) {
  std::string name = decl.getName().str();
  for (const clang::DeclContext *context = decl.getDeclContext(); context;
       context = context->getParent()) {
    if (const auto *space = llvm::dyn_cast<clang::NamespaceDecl>(context)) {
      if (space->isInline())
        continue;
      name.insert(0, (space->getName() + "::").str());
    } else if (const auto *record = llvm::dyn_cast<clang::RecordDecl>(context)) {
      name.insert(0, (record->getName() + "::").str());
    } else if (!llvm::isa<clang::LinkageSpecDecl>(context)) {
      break;
    }
  }
  return "::" + name;
}

std::string qualifiedRecordNameOf(const clang::CXXRecordDecl &record) {
  if (const auto *specialization = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(&record))
    return qualifiedNameOf(*specialization->getSpecializedTemplate());
  return qualifiedNameOf(record);
}

clang::QualType firstTemplateTypeArgument(clang::QualType type) {
  const auto *specialization =
      llvm::dyn_cast_or_null<clang::ClassTemplateSpecializationDecl>(recordOf(type));
  if (!specialization || specialization->getTemplateArgs().size() == 0)
    return {};
  const clang::TemplateArgument &first = specialization->getTemplateArgs()[0];
  return first.getKind() == clang::TemplateArgument::Type ? first.getAsType() : clang::QualType();
}

const clang::CXXRecordDecl *recordOf(clang::QualType type) {
  if (type.isNull())
    return nullptr;
  type = type.getNonReferenceType().getCanonicalType();
  return type->getAsCXXRecordDecl();
}

ConcurrencyVocabulary::ConcurrencyVocabulary() : names_(KindCount) {
  for (std::size_t index = 0; index < KindCount; ++index)
    for (llvm::StringRef name : standardNamesOf(static_cast<ConcurrencyKind>(index)))
      names_[index].push_back(name.str());
}

ConcurrencyVocabulary::ConcurrencyVocabulary(const RuleOptions &options)
    : ConcurrencyVocabulary() {
  for (std::size_t index = 0; index < KindCount; ++index) {
    auto kind = static_cast<ConcurrencyKind>(index);
    llvm::StringRef option = optionNameOf(kind);
    if (option.empty())
      continue;
    for (const std::string &extra : options.getList(option, /*localOrGlobal=*/true))
      names_[index].push_back(withLeadingColons(extra));
  }
  // A configured shared mutex can also be locked exclusively.
  auto &mutexes = names_[static_cast<std::size_t>(ConcurrencyKind::Mutex)];
  for (const std::string &shared :
       names_[static_cast<std::size_t>(ConcurrencyKind::SharedMutex)])
    if (llvm::find(mutexes, shared) == mutexes.end())
      mutexes.push_back(shared);
}

llvm::ArrayRef<std::string> ConcurrencyVocabulary::namesOf(ConcurrencyKind kind) const {
  return names_[static_cast<std::size_t>(kind)];
}

bool ConcurrencyVocabulary::recordIs(const clang::CXXRecordDecl *record,
                                     ConcurrencyKind kind) const {
  if (!record)
    return false;
  if (llvm::is_contained(namesOf(kind), qualifiedRecordNameOf(*record)))
    return true;
  // RULES.md: a class derived from a standard type inherits its vocabulary
  // (a `Future` deriving from `std::future` is waited on like one).
  if (const clang::CXXRecordDecl *definition = record->getDefinition())
    for (const clang::CXXBaseSpecifier &base : definition->bases())
      if (recordIs(recordOf(base.getType()), kind))
        return true;
  switch (kind) {
  case ConcurrencyKind::Mutex:
    return isCapability(*record);
  case ConcurrencyKind::SharedMutex:
    return isCapability(*record) && hasSharedAcquire(*record);
  case ConcurrencyKind::ExclusiveGuard:
    return isScopedLockable(*record) && !hasSharedAcquire(*record);
  case ConcurrencyKind::SharedGuard:
    return isScopedLockable(*record) && hasSharedAcquire(*record);
  default:
    return false;
  }
}

bool isCapability(const clang::CXXRecordDecl &record) {
  const clang::CXXRecordDecl *definition = record.getDefinition();
  return definition && definition->hasAttr<clang::CapabilityAttr>();
}

bool isScopedLockable(const clang::CXXRecordDecl &record) {
  const clang::CXXRecordDecl *definition = record.getDefinition();
  return definition && definition->hasAttr<clang::ScopedLockableAttr>();
}

bool hasSharedAcquire(const clang::CXXRecordDecl &record) {
  const clang::CXXRecordDecl *definition = record.getDefinition();
  if (!definition)
    return false;
  for (const clang::Decl *member : definition->decls()) {
    const auto *function = llvm::dyn_cast<clang::FunctionDecl>(member);
    if (const auto *functionTemplate = llvm::dyn_cast<clang::FunctionTemplateDecl>(member))
      function = functionTemplate->getTemplatedDecl();
    if (!function)
      continue;
    for (const auto *acquire : function->specific_attrs<clang::AcquireCapabilityAttr>())
      if (acquire->isShared())
        return true;
  }
  return false;
}

bool ConcurrencyVocabulary::typeIs(clang::QualType type, ConcurrencyKind kind) const {
  return recordIs(recordOf(type), kind);
}

internal::BindableMatcher<clang::Decl> ConcurrencyVocabulary::record(ConcurrencyKind kind) const {
  std::vector<llvm::StringRef> names(namesOf(kind).begin(), namesOf(kind).end());
  // Annotated classes too; the shared/exclusive split of annotated classes
  // needs `recordIs`.
  if (kind == ConcurrencyKind::Mutex)
    return cxxRecordDecl(anyOf(hasAnyName(names), hasAttr(clang::attr::Capability)));
  if (kind == ConcurrencyKind::ExclusiveGuard)
    return cxxRecordDecl(anyOf(hasAnyName(names), hasAttr(clang::attr::ScopedLockable)));
  return cxxRecordDecl(anyOf(hasAnyName(names), isDerivedFrom(hasAnyName(names))));
}

internal::Matcher<clang::QualType> ConcurrencyVocabulary::type(ConcurrencyKind kind) const {
  auto ofRecord = hasUnqualifiedDesugaredType(recordType(hasDeclaration(record(kind))));
  return qualType(anyOf(ofRecord, references(qualType(ofRecord))));
}

internal::BindableMatcher<clang::Stmt> ConcurrencyVocabulary::expression(ConcurrencyKind kind) const {
  return expr(hasType(type(kind)));
}

internal::BindableMatcher<clang::Stmt>
ConcurrencyVocabulary::memberCall(ConcurrencyKind kind,
                                  llvm::ArrayRef<llvm::StringRef> methods) const {
  // The object's type too: libstdc++ declares some members in private bases.
  return cxxMemberCallExpr(callee(cxxMethodDecl(hasAnyName(methods))),
                           anyOf(callee(cxxMethodDecl(ofClass(record(kind)))),
                                 on(hasType(type(kind))), on(hasType(pointsTo(type(kind))))));
}

bool isAsyncCall(const clang::Expr &expression) {
  const auto *call = llvm::dyn_cast<clang::CallExpr>(expression.IgnoreParenImpCasts());
  if (!call)
    return false;
  if (const clang::FunctionDecl *callee = call->getDirectCallee())
    return qualifiedNameOf(*callee) == "::std::async";
  // In a template, an unresolved call still names its candidates.
  if (const auto *lookup = llvm::dyn_cast<clang::UnresolvedLookupExpr>(call->getCallee()))
    return llvm::any_of(lookup->decls(), [](const clang::NamedDecl *candidate) {
      return qualifiedNameOf(*candidate->getUnderlyingDecl()) == "::std::async";
    });
  return false;
}

bool isMoveOrForward(const clang::Expr &expression) {
  const auto *call = llvm::dyn_cast<clang::CallExpr>(expression.IgnoreParenImpCasts());
  if (!call || call->getNumArgs() != 1)
    return false;
  const clang::FunctionDecl *callee = call->getDirectCallee();
  if (!callee)
    return false;
  std::string name = qualifiedNameOf(*callee);
  return name == "::std::move" || name == "::std::forward";
}

internal::BindableMatcher<clang::Stmt> stdAsyncCall() {
  return callExpr(anyOf(
      callee(functionDecl(hasName("::std::async"))),
      callee(unresolvedLookupExpr(hasAnyDeclaration(namedDecl(hasName("::std::async")))))));
}

internal::BindableMatcher<clang::Decl>
cLibraryFunction(llvm::ArrayRef<llvm::StringRef> functionNames) {
  std::vector<std::string> qualified;
  for (llvm::StringRef name : functionNames)
    qualified.push_back(withLeadingColons(name));
  std::vector<llvm::StringRef> refs(qualified.begin(), qualified.end());
  return functionDecl(hasAnyName(refs));
}

internal::BindableMatcher<clang::Stmt> cLibraryCall(llvm::ArrayRef<llvm::StringRef> functionNames) {
  return callExpr(callee(cLibraryFunction(functionNames)));
}

} // namespace threadlint
