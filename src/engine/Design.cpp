#include "engine/Design.h"

#include "engine/AstHelpers.h"
#include "engine/DeadlineShapes.h"
#include "engine/Config.h"
#include "engine/Locks.h"
#include "engine/TestCode.h"
#include "engine/ThreadEntries.h"
#include "engine/Vocabulary.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

#include <set>

namespace threadlint {
namespace {

using namespace clang::ast_matchers;

/// `::std::queue` for `std::queue<int>` and for a dependent `std::queue<T>`
/// in a class template, which has no record yet.
std::string templateNameOf(clang::QualType type) {
  if (const clang::CXXRecordDecl *record = recordOf(type))
    return qualifiedRecordNameOf(*record);
  if (const auto *specialization = type->getAs<clang::TemplateSpecializationType>())
    if (const clang::TemplateDecl *decl = specialization->getTemplateName().getAsTemplateDecl())
      return qualifiedNameOf(*decl);
  return {};
}

/// What a data member is, in the design's terms.
std::string memberKindOf(clang::QualType type, const ConcurrencyVocabulary &vocabulary) {
  type = type.getNonReferenceType();
  if (const auto *array = llvm::dyn_cast<clang::ConstantArrayType>(type->getUnqualifiedDesugaredType()))
    if (vocabulary.typeIs(array->getElementType(), ConcurrencyKind::Thread))
      return "thread-pool";
  // A smart pointer holds what it points to, for the design.
  if (const clang::CXXRecordDecl *record = recordOf(type)) {
    std::string name = qualifiedRecordNameOf(*record);
    if ((name == "::std::unique_ptr" || name == "::std::shared_ptr") &&
        !firstTemplateTypeArgument(type).isNull())
      type = firstTemplateTypeArgument(type);
  }
  if (vocabulary.typeIs(type, ConcurrencyKind::SharedMutex))
    return "shared-mutex";
  if (vocabulary.typeIs(type, ConcurrencyKind::Mutex))
    return "mutex";
  if (vocabulary.typeIs(type, ConcurrencyKind::ConditionVariable))
    return "condition-variable";
  if (vocabulary.typeIs(type, ConcurrencyKind::Thread))
    return "thread";
  if (vocabulary.typeIs(type, ConcurrencyKind::Future))
    return "future";
  if (vocabulary.typeIs(type, ConcurrencyKind::Promise) ||
      vocabulary.typeIs(type, ConcurrencyKind::PackagedTask))
    return "promise";
  if (vocabulary.typeIs(type, ConcurrencyKind::Semaphore) ||
      vocabulary.typeIs(type, ConcurrencyKind::Latch) ||
      vocabulary.typeIs(type, ConcurrencyKind::Barrier))
    return "semaphore";
  if (vocabulary.typeIs(type, ConcurrencyKind::AssociativeContainer))
    return "table";
  if (type->isEnumeralType())
    return "enum";
  std::string name = templateNameOf(type);
  if (name == "::std::atomic" || name == "::std::atomic_flag" || name == "::std::atomic_ref")
    return "atomic";
  if (name == "::std::queue" || name == "::std::deque" || name == "::std::list" ||
      name == "::std::priority_queue")
    return "queue";
  clang::QualType element = firstTemplateTypeArgument(type);
  if (!element.isNull() && vocabulary.typeIs(element, ConcurrencyKind::Thread))
    return "thread-pool";
  return "data";
}

bool isConcurrencyKind(const std::string &kind) {
  static const std::set<std::string> Kinds = {
      "shared-mutex", "mutex",  "condition-variable", "thread", "thread-pool",
      "future",       "promise", "semaphore",         "atomic"};
  return Kinds.count(kind) != 0;
}

/// `ns::Class::method`, `(anonymous namespace)::table`, as people read it.
std::string displayName(const clang::NamedDecl &decl) { return decl.getQualifiedNameAsString(); }

/// The class a method belongs to, seen through template instantiations.
const clang::CXXRecordDecl *patternOf(const clang::CXXRecordDecl *record) {
  if (!record)
    return nullptr;
  if (const clang::CXXRecordDecl *pattern = record->getTemplateInstantiationPattern())
    record = pattern;
  return record->getDefinition() ? record->getDefinition() : record;
}

struct MethodFacts {
  std::string name;
  std::string kind; ///< method, constructor, destructor
  bool isConst = false;
  bool isStatic = false;
  std::string file;
  unsigned line = 0, endLine = 0;
  std::set<std::pair<std::string, std::string>> locks; ///< mutex, shared|exclusive
  std::set<std::pair<std::string, bool>> waits;        ///< object, timed
  /// The untimed waits, judged at the end of the translation unit by the
  /// rules' own DeadlineAnalysis (every entry is known then).
  std::vector<std::pair<const clang::CXXMemberCallExpr *, const clang::FunctionDecl *>>
      untimedCalls;
  std::set<std::string> owesDeadline; ///< objects of untimed waits that owe one
  std::set<std::string> joins, pushes, switchesUnderLock, switches;
  bool startsThread = false;
};

struct ClassFacts {
  const clang::CXXRecordDecl *record = nullptr;
  llvm::MapVector<const clang::FunctionDecl *, MethodFacts> methods;
  std::set<std::pair<std::string, std::string>> runs; ///< entry, entry's class
};

class DesignCollector : public MatchFinder::MatchCallback {
public:
  DesignCollector(MatchFinder &finder, const std::map<std::string, std::string> &options,
                  nlohmann::json &inventory)
      : options_("threadlint-design", options), vocabulary_(options_), entries_(vocabulary_),
        inventory_(inventory) {
    finder.addMatcher(cxxRecordDecl(isDefinition(), unless(isImplicit()), unless(isLambda()))
                          .bind("record"),
                      this);
    finder.addMatcher(cxxMethodDecl(isDefinition(), unless(isImplicit())).bind("method"), this);
    finder.addMatcher(
        vocabulary_.memberCall(ConcurrencyKind::ConditionVariable,
                               {"wait", "wait_for", "wait_until"})
            .bind("wait"),
        this);
    finder.addMatcher(
        vocabulary_.memberCall(ConcurrencyKind::Future, {"get", "wait", "wait_for", "wait_until"})
            .bind("wait"),
        this);
    finder.addMatcher(vocabulary_.memberCall(ConcurrencyKind::Thread, {"join"}).bind("join"), this);
    finder.addMatcher(
        switchStmt(hasCondition(ignoringParenImpCasts(
                       memberExpr(member(fieldDecl().bind("field"))).bind("subject"))))
            .bind("switch"),
        this);
    finder.addMatcher(
        cxxMemberCallExpr(callee(cxxMethodDecl(hasAnyName("push", "push_back", "emplace",
                                                          "emplace_back", "push_front",
                                                          "emplace_front"))),
                          on(ignoringParenImpCasts(memberExpr(member(fieldDecl().bind("field"))))))
            .bind("push"),
        this);
    finder.addMatcher(varDecl(hasGlobalStorage(), unless(parmVarDecl())).bind("global"), this);
    entries_.registerMatchers(finder, *this);
  }

  void run(const MatchFinder::MatchResult &result) override {
    context_ = result.Context;
    if (entries_.collect(result))
      return;
    const clang::SourceManager &sources = *result.SourceManager;
    if (const auto *record = result.Nodes.getNodeAs<clang::CXXRecordDecl>("record")) {
      if (!sources.isInSystemHeader(record->getLocation()) &&
          !llvm::isa<clang::ClassTemplateSpecializationDecl>(record))
        classFacts(record);
      return;
    }
    if (const auto *method = result.Nodes.getNodeAs<clang::CXXMethodDecl>("method")) {
      recordMethod(*method, sources);
      return;
    }
    if (const auto *global = result.Nodes.getNodeAs<clang::VarDecl>("global")) {
      recordGlobal(*global, sources);
      return;
    }
    for (llvm::StringRef kind : {"wait", "join", "switch", "push"}) {
      const clang::Stmt *statement = result.Nodes.getNodeAs<clang::Stmt>(kind);
      if (statement) {
        MethodFacts *facts = methodHolding(*statement, sources);
        if (!facts)
          return;
        if (kind == "wait") {
          const auto *call = llvm::cast<clang::CXXMemberCallExpr>(statement);
          std::string method = call->getMethodDecl()->getNameAsString();
          bool timed = method == "wait_for" || method == "wait_until";
          facts->waits.insert({spelledObjectName(call->getImplicitObjectArgument()), timed});
          if (!timed)
            if (const clang::FunctionDecl *function =
                    enclosingFunction(*call, *context_, /*toPattern=*/false))
              facts->untimedCalls.emplace_back(call, function);
        } else if (kind == "join") {
          const auto *call = llvm::cast<clang::CXXMemberCallExpr>(statement);
          facts->joins.insert(spelledObjectName(call->getImplicitObjectArgument()));
        } else if (kind == "push") {
          facts->pushes.insert(result.Nodes.getNodeAs<clang::FieldDecl>("field")->getNameAsString());
        } else {
          const auto *field = result.Nodes.getNodeAs<clang::FieldDecl>("field");
          if (!field->getType()->isEnumeralType())
            return;
          facts->switches.insert(field->getNameAsString());
          if (const clang::FunctionDecl *function = enclosingFunction(*statement, *context_, false)) {
            FunctionLocks locks(*function, vocabulary_, *context_);
            if (!locks.heldAt(*statement).empty())
              facts->switchesUnderLock.insert(field->getNameAsString());
          }
        }
        return;
      }
    }
  }

  void onEndOfTranslationUnit() override {
    if (context_) {
      attributeThreadEntries();
      judgeUntimedWaits();
    }
    nlohmann::json classes = nlohmann::json::array();
    for (auto &[record, facts] : classes_)
      if (!isTestClass(*record))
        if (nlohmann::json serialized = serialize(facts); !serialized.is_null())
          classes.push_back(std::move(serialized));
    inventory_ = {{"classes", std::move(classes)}, {"registries", registries_}};
  }

private:
  ClassFacts &classFacts(const clang::CXXRecordDecl *record) {
    ClassFacts &facts = classes_[record];
    facts.record = record;
    return facts;
  }

  std::pair<std::string, unsigned> positionOf(clang::SourceLocation location,
                                              const clang::SourceManager &sources) const {
    clang::SourceLocation file = sources.getExpansionLoc(location);
    clang::OptionalFileEntryRef entry = sources.getFileEntryRefForID(sources.getFileID(file));
    llvm::SmallString<256> path(entry ? entry->getName() : "");
    if (!path.empty())
      (void)llvm::sys::fs::make_absolute(path); // a relative path still names the file
    llvm::sys::path::remove_dots(path, true);
    return {std::string(path), sources.getExpansionLineNumber(file)};
  }

  /// The method whose body holds `statement`, lambdas counted as part of the
  /// method that writes them; null outside user classes.
  MethodFacts *methodHolding(const clang::Stmt &statement, const clang::SourceManager &sources) {
    const clang::FunctionDecl *function = enclosingFunction(statement, *context_);
    while (function) {
      const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(function);
      if (!method || !method->getParent()->isLambda())
        break;
      function = llvm::dyn_cast<clang::FunctionDecl>(method->getParent()->getDeclContext());
    }
    const auto *method = llvm::dyn_cast_or_null<clang::CXXMethodDecl>(function);
    if (!method || sources.isInSystemHeader(method->getLocation()))
      return nullptr;
    return &methodFacts(*method, sources);
  }

  MethodFacts &methodFacts(const clang::CXXMethodDecl &method, const clang::SourceManager &sources) {
    const auto *pattern = llvm::cast<clang::CXXMethodDecl>(
        method.getTemplateInstantiationPattern() ? method.getTemplateInstantiationPattern()
                                                 : &method);
    ClassFacts &owner = classFacts(patternOf(pattern->getParent()));
    auto [it, inserted] = owner.methods.insert({pattern, MethodFacts{}});
    MethodFacts &facts = it->second;
    if (inserted) {
      facts.name = pattern->getNameAsString();
      facts.kind = llvm::isa<clang::CXXConstructorDecl>(pattern)  ? "constructor"
                   : llvm::isa<clang::CXXDestructorDecl>(pattern) ? "destructor"
                                                                  : "method";
      facts.isConst = pattern->isConst();
      facts.isStatic = pattern->isStatic();
      std::tie(facts.file, facts.line) = positionOf(pattern->getBeginLoc(), sources);
      facts.endLine = positionOf(pattern->getEndLoc(), sources).second;
    }
    return facts;
  }

  void recordMethod(const clang::CXXMethodDecl &method, const clang::SourceManager &sources) {
    if (sources.isInSystemHeader(method.getLocation()) || method.getParent()->isLambda() ||
        method.isTemplateInstantiation() || !method.hasBody())
      return;
    MethodFacts &facts = methodFacts(method, sources);
    FunctionLocks locks(method, vocabulary_, *context_);
    for (const LockEvent &event : locks.events())
      if (event.kind == LockEvent::Kind::Acquire && !event.mutexName.empty())
        facts.locks.insert(
            {event.mutexName, event.mode == LockMode::Shared ? "shared" : "exclusive"});
  }

  void recordGlobal(const clang::VarDecl &variable, const clang::SourceManager &sources) {
    if (sources.isInSystemHeader(variable.getLocation()) || variable.isStaticDataMember() ||
        isTestCode(variable.getLocation()) ||
        memberKindOf(variable.getType(), vocabulary_) != "table" ||
        variable.getType().isConstQualified() || variable.isTemplated())
      return;
    auto [file, line] = positionOf(variable.getLocation(), sources);
    std::string scope = variable.isStaticLocal() ? "function-local static" : "namespace scope";
    registries_.push_back({{"name", displayName(variable)},
                           {"type", variable.getType().getAsString()},
                           {"scope", scope},
                           {"file", file},
                           {"line", line}});
  }

  /// RULES.md's "Test code", as the rules decide it (TestCode.h, the same
  /// IncludeTestCode and TestFileRegex options): a test's fixture classes
  /// and tables are not the design under review.
  bool isTestCode(clang::SourceLocation location) {
    return context_ && testCode_.contains(*context_, location);
  }

  /// A class in a test file, or one whose member functions are test bodies
  /// (every member of a `::testing::Test` subclass is).
  bool isTestClass(const clang::CXXRecordDecl &record) {
    if (isTestCode(record.getLocation()))
      return true;
    for (const clang::CXXMethodDecl *method : record.methods()) {
      const clang::FunctionDecl *definition = nullptr;
      if (!method->isImplicit() && method->hasBody(definition) && definition->getBody())
        return isTestCode(definition->getBody()->getBeginLoc());
    }
    return false;
  }

  /// Whether each untimed wait owes a deadline, by the definition
  /// untimed-wait and untimed-condition-wait use (DeadlineShapes.h), so the
  /// report's advice and the rules' findings agree.
  void judgeUntimedWaits() {
    DeadlineAnalysis deadlines(vocabulary_, entries_, *context_);
    for (auto &[record, facts] : classes_)
      for (auto &[function, method] : facts.methods)
        for (const auto &[call, waitingFunction] : method.untimedCalls) {
          if (entries_.runsOnOwnThread(waitingFunction))
            continue;
          bool future = vocabulary_.typeIs(
              call->getImplicitObjectArgument()->IgnoreParenImpCasts()->getType(),
              ConcurrencyKind::Future);
          if (future && deadlines.awaitsAsyncResult(*call, *waitingFunction))
            continue;
          std::optional<OwedDeadline> owed = deadlines.owedBy(*call, *waitingFunction);
          if (owed && (owed->shape == DeadlineShape::IgnoredDeadline ||
                       !deadlines.classOffersTimedWait(*call, *waitingFunction)))
            method.owesDeadline.insert(spelledObjectName(call->getImplicitObjectArgument()));
        }
  }

  /// The class whose method starts a thread runs that thread's entry.
  void attributeThreadEntries() {
    const clang::SourceManager &sources = context_->getSourceManager();
    for (const auto &[entry, startedAt] : entries_.entries())
      for (auto &[record, facts] : classes_)
        for (auto &[function, method] : facts.methods) {
          if (!function->getBody() ||
              !sources.isBeforeInTranslationUnit(function->getBeginLoc(), startedAt) ||
              !sources.isBeforeInTranslationUnit(startedAt, function->getEndLoc()))
            continue;
          method.startsThread = true;
          std::string entryName = displayName(*entry);
          std::string entryClass;
          if (const auto *member = llvm::dyn_cast<clang::CXXMethodDecl>(entry)) {
            if (member->getParent()->isLambda())
              entryName = "lambda in " + displayName(*function);
            else
              entryClass = displayName(*patternOf(member->getParent()));
          }
          facts.runs.insert({entryName, entryClass});
        }
  }

  nlohmann::json serialize(const ClassFacts &facts) const {
    const clang::CXXRecordDecl *record = facts.record;
    if (!record || !record->isThisDeclarationADefinition() || record->isLambda())
      return nullptr;
    const clang::SourceManager &sources = context_->getSourceManager();
    if (sources.isInSystemHeader(record->getLocation()))
      return nullptr;
    nlohmann::json members = nlohmann::json::array();
    bool ownsConcurrency = false;
    for (const clang::Decl *decl : record->decls()) {
      const auto *value = llvm::dyn_cast<clang::DeclaratorDecl>(decl);
      if (!value || !(llvm::isa<clang::FieldDecl>(decl) ||
                      (llvm::isa<clang::VarDecl>(decl) &&
                       llvm::cast<clang::VarDecl>(decl)->isStaticDataMember())))
        continue;
      std::string kind = memberKindOf(value->getType(), vocabulary_);
      bool isStatic = llvm::isa<clang::VarDecl>(decl);
      ownsConcurrency |= isConcurrencyKind(kind) || (isStatic && kind == "table");
      members.push_back({{"name", value->getNameAsString()},
                         {"kind", kind},
                         {"type", value->getType().getAsString()},
                         {"static", isStatic},
                         {"const", value->getType().isConstQualified()},
                         {"line", positionOf(value->getLocation(), sources).second}});
    }
    if (!ownsConcurrency && facts.runs.empty())
      return nullptr;
    nlohmann::json methods = nlohmann::json::array();
    for (const auto &[function, method] : facts.methods) {
      nlohmann::json locks = nlohmann::json::array(), waits = nlohmann::json::array();
      for (const auto &[mutex, mode] : method.locks)
        locks.push_back({{"mutex", mutex}, {"mode", mode}});
      for (const auto &[object, timed] : method.waits)
        waits.push_back({{"on", object},
                         {"timed", timed},
                         {"owesDeadline", !timed && method.owesDeadline.count(object) != 0}});
      methods.push_back({{"name", method.name},
                         {"kind", method.kind},
                         {"const", method.isConst},
                         {"static", method.isStatic},
                         {"file", method.file},
                         {"line", method.line},
                         {"endLine", method.endLine},
                         {"locks", locks},
                         {"waits", waits},
                         {"joins", method.joins},
                         {"pushes", method.pushes},
                         {"switches", method.switches},
                         {"switchesUnderLock", method.switchesUnderLock},
                         {"startsThread", method.startsThread},
                         {"threadBody", entries_.runsAsThreadBody(function)}});
    }
    nlohmann::json runs = nlohmann::json::array();
    for (const auto &[entry, entryClass] : facts.runs)
      runs.push_back({{"entry", entry}, {"class", entryClass}});
    auto [file, line] = positionOf(record->getLocation(), sources);
    return {{"name", displayName(*record)},
            {"file", file},
            {"line", line},
            {"endLine", positionOf(record->getEndLoc(), sources).second},
            {"template", record->getDescribedClassTemplate() != nullptr},
            {"members", members},
            {"methods", methods},
            {"runs", runs}};
  }

  MapRuleOptions options_;
  ConcurrencyVocabulary vocabulary_;
  ThreadEntryCollector entries_;
  nlohmann::json &inventory_;
  clang::ASTContext *context_ = nullptr;
  TestCodeFilter testCode_{options_};
  llvm::MapVector<const clang::CXXRecordDecl *, ClassFacts> classes_;
  nlohmann::json registries_ = nlohmann::json::array();
};

} // namespace

std::unique_ptr<MatchFinder::MatchCallback>
addDesignCollector(MatchFinder &finder, const std::map<std::string, std::string> &options,
                   nlohmann::json &inventory) {
  return std::make_unique<DesignCollector>(finder, options, inventory);
}

} // namespace threadlint
