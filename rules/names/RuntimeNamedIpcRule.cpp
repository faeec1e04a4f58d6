#include "rules/names/RuntimeNamedIpcRule.h"

#include "engine/AstHelpers.h"
#include "engine/Containers.h"
#include "engine/Vocabulary.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Lex/Lexer.h"

namespace threadlint::names {
using namespace clang::ast_matchers;

namespace {

struct PosixObject {
  llvm::StringRef open;
  llvm::StringRef unlink;
};
const PosixObject PosixObjects[] = {
    {"sem_open", "sem_unlink"}, {"shm_open", "shm_unlink"}, {"mq_open", "mq_unlink"}};

// Boost.Interprocess classes that create a kernel-persistent object under a
// name, and the class whose static `remove(name)` deletes it.
struct BoostObject {
  llvm::StringRef type;
  llvm::StringRef remover;
};
const BoostObject BoostObjects[] = {
    {"::boost::interprocess::named_mutex", "::boost::interprocess::named_mutex"},
    {"::boost::interprocess::named_recursive_mutex",
     "::boost::interprocess::named_recursive_mutex"},
    {"::boost::interprocess::named_semaphore", "::boost::interprocess::named_semaphore"},
    {"::boost::interprocess::named_condition", "::boost::interprocess::named_condition"},
    {"::boost::interprocess::named_condition_any", "::boost::interprocess::named_condition_any"},
    {"::boost::interprocess::named_upgradable_mutex",
     "::boost::interprocess::named_upgradable_mutex"},
    {"::boost::interprocess::named_sharable_mutex",
     "::boost::interprocess::named_sharable_mutex"},
    {"::boost::interprocess::message_queue_t", "::boost::interprocess::message_queue_t"},
    {"::boost::interprocess::shared_memory_object", "::boost::interprocess::shared_memory_object"},
    {"::boost::interprocess::basic_managed_shared_memory",
     "::boost::interprocess::shared_memory_object"},
};
// Removes shared memory by name when it goes out of scope.
constexpr llvm::StringRef ShmRemoverGuard =
    "::boost::interprocess::remove_shared_memory_on_destroy";

const BoostObject *boostObjectOf(const clang::CXXRecordDecl &record) {
  std::string name = qualifiedRecordNameOf(record);
  for (const BoostObject &object : BoostObjects)
    if (object.type == name)
      return &object;
  return nullptr;
}

/// Whether `expression` spells the macro `O_CREAT` somewhere inside it.
bool mentionsCreateFlag(const clang::Stmt *statement, const clang::SourceManager &sources,
                        const clang::LangOptions &lang) {
  if (!statement)
    return false;
  for (clang::SourceLocation location = statement->getBeginLoc(); location.isMacroID();
       location = sources.getImmediateMacroCallerLoc(location))
    if (clang::Lexer::getImmediateMacroName(location, sources, lang) == "O_CREAT")
      return true;
  for (const clang::Stmt *child : statement->children())
    if (mentionsCreateFlag(child, sources, lang))
      return true;
  return false;
}

/// `oflag` may ask the kernel to create the object: it names O_CREAT, or it
/// is not a constant we can read.
bool mayCreate(const clang::Expr *flags, clang::ASTContext &context) {
  if (!flags)
    return true;
  if (mentionsCreateFlag(flags, context.getSourceManager(), context.getLangOpts()))
    return true;
  clang::Expr::EvalResult value;
  return flags->isValueDependent() || !flags->EvaluateAsInt(value, context);
}

/// A Boost.Interprocess constructor that may create: its first parameter is
/// the `create_only` or `open_or_create` tag.
bool isCreatingConstructor(const clang::CXXConstructExpr &construct) {
  if (construct.getNumArgs() < 2)
    return false;
  const clang::CXXRecordDecl *tag = recordOf(construct.getArg(0)->getType());
  if (!tag)
    return false;
  std::string name = qualifiedRecordNameOf(*tag);
  return name == "::boost::interprocess::create_only_t" ||
         name == "::boost::interprocess::open_or_create_t";
}

std::string spelling(const clang::Expr &expression, clang::ASTContext &context) {
  clang::CharSourceRange range = clang::CharSourceRange::getTokenRange(
      context.getSourceManager().getExpansionRange(expression.getSourceRange()).getAsRange());
  return clang::Lexer::getSourceText(range, context.getSourceManager(), context.getLangOpts())
      .str();
}

} // namespace

RuleInfo RuntimeNamedIpcRule::describe() {
  return {"threadlint-runtime-named-ipc", "names", Severity::Warning,
          "a kernel-persistent IPC object named at run time that is never unlinked",
          {}};
}

void RuntimeNamedIpcRule::registerMatchers(MatchFinder &finder,
                                           MatchFinder::MatchCallback &callback) {
  auto userCode = unless(isExpansionInSystemHeader());
  std::vector<llvm::StringRef> openers, unlinkers;
  for (const PosixObject &object : PosixObjects) {
    openers.push_back(object.open);
    unlinkers.push_back(object.unlink);
  }
  finder.addMatcher(callExpr(userCode, cLibraryCall(openers)).bind("open"), &callback);
  finder.addMatcher(cxxConstructExpr(userCode).bind("construct"), &callback);
  // Any reference counts as an unlink: a call, or the function handed to an
  // `atexit` or a deleter.
  finder.addMatcher(
      declRefExpr(userCode, to(functionDecl(anyOf(cLibraryFunction(unlinkers),
                                                  cxxMethodDecl(hasName("remove"), isStaticStorageClass())))))
          .bind("remover"),
      &callback);
}

void RuntimeNamedIpcRule::check(const MatchFinder::MatchResult &result) {
  clang::ASTContext &context = *result.Context;
  if (const auto *reference = result.Nodes.getNodeAs<clang::DeclRefExpr>("remover")) {
    const auto *function = llvm::cast<clang::FunctionDecl>(reference->getDecl());
    if (const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(function))
      removers_.insert(qualifiedRecordNameOf(*method->getParent()) + "::remove");
    else
      removers_.insert(function->getName());
    return;
  }
  if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("open")) {
    const clang::FunctionDecl *callee = call->getDirectCallee();
    if (!callee || call->getNumArgs() < 2)
      return;
    const clang::Expr *name = call->getArg(0);
    if (isCompileTimeConstant(*name, context) || !mayCreate(call->getArg(1), context))
      return;
    for (const PosixObject &object : PosixObjects)
      if (object.open == callee->getName())
        creations_.push_back({calleeNameLocation(*call), object.open.str(), object.unlink.str(),
                              spelling(*name, context)});
    return;
  }
  if (const auto *construct = result.Nodes.getNodeAs<clang::CXXConstructExpr>("construct")) {
    const clang::CXXRecordDecl *record = construct->getConstructor()->getParent();
    if (qualifiedRecordNameOf(*record) == ShmRemoverGuard) {
      removers_.insert("::boost::interprocess::shared_memory_object::remove");
      return;
    }
    const BoostObject *object = boostObjectOf(*record);
    if (!object || !isCreatingConstructor(*construct))
      return;
    const clang::Expr *name = construct->getArg(1);
    if (isCompileTimeConstant(*name, context))
      return;
    clang::SourceLocation location = construct->getLocation();
    creations_.push_back({location, object->type.drop_front(2).str(),
                          (object->remover + "::remove").str(), spelling(*name, context)});
  }
}

void RuntimeNamedIpcRule::onEndOfTranslationUnit() {
  for (const Creation &creation : creations_) {
    llvm::StringRef remover = creation.remover;
    if (removers_.contains(remover))
      continue;
    remover.consume_front("::");
    // The warning names the creator by its last component and the run-time
    // name only when short: the line stays within RULES.md's 100 characters.
    llvm::StringRef creator = creation.creator;
    if (std::size_t colons = creator.rfind("::"); colons != llvm::StringRef::npos)
      creator = creator.drop_front(colons + 2);
    std::string named = creation.name.size() <= 30 ? " ('" + creation.name + "')" : "";
    report(creation.location, "'" + creator.str() + "' names a kernel object at run time" + named +
                                  ", never removed")
        .explain("nothing in this translation unit calls " + remover.str() +
                 ": every distinct name outlives the process and accumulates until reboot; use "
                 "a fixed name, or remove it once every process has opened it");
  }
  creations_.clear();
  removers_.clear();
}

} // namespace threadlint::names
