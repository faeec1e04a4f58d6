#include "engine/Blocking.h"

#include "engine/AstHelpers.h"
#include "engine/ThreadEntries.h"
#include "engine/Vocabulary.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"

#include <cctype>
#include <set>

namespace threadlint {
namespace {

const llvm::StringRef BlockingFreeFunctions[] = {
    "::sleep",   "::usleep",   "::nanosleep", "::read",   "::write",  "::recv",
    "::recvfrom", "::send",    "::sendto",    "::accept", "::connect", "::poll",
    "::select",  "::epoll_wait", "::fsync",   "::system", "::popen",  "::fopen",
    "::fread",   "::fwrite",   "::fgets"};

const llvm::StringRef FileStreams[] = {"::std::basic_ifstream", "::std::basic_ofstream",
                                       "::std::basic_fstream"};

bool isTimedName(llvm::StringRef method) {
  return method.ends_with("_for") || method.ends_with("_until");
}

/// `object` is the class of the object the method is called on: libstdc++
/// declares some members in private bases (`future::wait_for` is
/// `__basic_future::wait_for`), so the method's own class is not enough.
std::optional<BlockingCall> classifyMember(const clang::CXXMethodDecl &method,
                                           const clang::CXXRecordDecl *object,
                                           const ConcurrencyVocabulary &vocabulary) {
  const clang::CXXRecordDecl *record = method.getParent();
  if (!method.getDeclName().isIdentifier())
    return std::nullopt;
  if (object && !vocabulary.recordIs(record, ConcurrencyKind::Thread))
    record = object;
  llvm::StringRef name = method.getName();
  std::string display = qualifiedRecordNameOf(*record).substr(2) + "::" + name.str();
  if (vocabulary.recordIs(record, ConcurrencyKind::Thread) && name == "join")
    return BlockingCall{BlockingKind::Join, display, false};
  if (vocabulary.recordIs(record, ConcurrencyKind::Future) &&
      (name == "get" || name == "wait" || name == "wait_for" || name == "wait_until"))
    return BlockingCall{BlockingKind::FutureWait, display, isTimedName(name)};
  if (vocabulary.recordIs(record, ConcurrencyKind::ConditionVariable) &&
      (name == "wait" || name == "wait_for" || name == "wait_until"))
    return BlockingCall{BlockingKind::ConditionWait, display, isTimedName(name)};
  if (vocabulary.recordIs(record, ConcurrencyKind::Semaphore) &&
      (name == "acquire" || name == "try_acquire_for" || name == "try_acquire_until"))
    return BlockingCall{BlockingKind::SemaphoreAcquire, display, isTimedName(name)};
  if (vocabulary.recordIs(record, ConcurrencyKind::Latch) && name == "wait")
    return BlockingCall{BlockingKind::LatchWait, display, false};
  if (vocabulary.recordIs(record, ConcurrencyKind::Barrier) && name == "arrive_and_wait")
    return BlockingCall{BlockingKind::BarrierWait, display, false};
  if (name == "open" && llvm::is_contained(FileStreams, qualifiedRecordNameOf(*record)))
    return BlockingCall{BlockingKind::Io, "opening a file stream", false};
  return std::nullopt;
}

} // namespace

std::optional<BlockingCall> classifyBlockingCall(const clang::Expr &expression,
                                                 const ConcurrencyVocabulary &vocabulary,
                                                 const std::vector<std::string> &extraFunctions) {
  if (const auto *construct = llvm::dyn_cast<clang::CXXConstructExpr>(&expression)) {
    const clang::CXXRecordDecl *record = construct->getConstructor()->getParent();
    if (construct->getNumArgs() >= 1 && !construct->getConstructor()->isCopyOrMoveConstructor() &&
        llvm::is_contained(FileStreams, qualifiedRecordNameOf(*record)))
      return BlockingCall{BlockingKind::Io, "opening a file stream", false};
    return std::nullopt;
  }
  const auto *call = llvm::dyn_cast<clang::CallExpr>(&expression);
  if (!call)
    return std::nullopt;
  const clang::FunctionDecl *callee = call->getDirectCallee();
  if (!callee)
    return std::nullopt;
  if (const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(callee)) {
    const clang::CXXRecordDecl *object = nullptr;
    if (const auto *memberCall = llvm::dyn_cast<clang::CXXMemberCallExpr>(call))
      if (const clang::Expr *argument = memberCall->getImplicitObjectArgument()) {
        clang::QualType type = argument->IgnoreParenImpCasts()->getType();
        object = recordOf(type->isPointerType() ? type->getPointeeType() : type);
      }
    if (std::optional<BlockingCall> member = classifyMember(*method, object, vocabulary))
      return member;
  }
  if (!callee->getDeclName().isIdentifier())
    return std::nullopt;
  std::string name = qualifiedNameOf(*callee);
  if (name == "::std::this_thread::sleep_for" || name == "::std::this_thread::sleep_until")
    return BlockingCall{BlockingKind::Sleep, name.substr(2), false};
  if (llvm::is_contained(BlockingFreeFunctions, name)) {
    bool isSleep = name == "::sleep" || name == "::usleep" || name == "::nanosleep";
    return BlockingCall{isSleep ? BlockingKind::Sleep : BlockingKind::Io, name.substr(2), false};
  }
  for (const std::string &extra : extraFunctions)
    if (name == extra || name == "::" + extra)
      return BlockingCall{BlockingKind::Configured, name.substr(2), false};
  return std::nullopt;
}

namespace {

/// C and POSIX calls that put the thread to sleep until something happens,
/// including those that release a lock while they wait (which is why they
/// are not blocking-under-lock material).
const llvm::StringRef WaitingFreeFunctions[] = {
    "::pthread_cond_wait", "::pthread_cond_timedwait", "::pthread_cond_clockwait",
    "::pthread_join",      "::sem_wait",               "::sem_timedwait",
    "::sem_clockwait",     "::mq_receive",             "::mq_timedreceive",
    "::msgrcv",            "::waitpid",                "::wait",
    "::sigwait",           "::sigwaitinfo",            "::sigtimedwait",
    "::pause",             "::epoll_pwait",            "::ppoll",
    "::pselect",           "::clock_nanosleep",        "::cnd_wait",
    "::cnd_timedwait",     "::thrd_join",              "::thrd_sleep"};

/// `waitImpl`, `wait_for`, `TimedWait`, `Sleep`: lower case, no underscores.
std::string foldedName(llvm::StringRef name) {
  std::string folded;
  for (char character : name)
    if (character != '_')
      folded += static_cast<char>(std::tolower(static_cast<unsigned char>(character)));
  return folded;
}

bool isInStandardNamespace(const clang::Decl &declaration) {
  for (const clang::DeclContext *context = declaration.getDeclContext(); context;
       context = context->getParent())
    if (context->isStdNamespace())
      return true;
  return false;
}

/// A call to a library's own wait primitive, judged by its name because its
/// body is elsewhere: `Poco::Event::wait`, `BlockingQueue::pop`,
/// `port::CondVar::Wait`, `WaitForSingleObject`, `sleepMillis`.
bool waitsByName(const clang::CallExpr &call) {
  const clang::FunctionDecl *callee = call.getDirectCallee();
  if (!callee || !callee->getDeclName().isIdentifier())
    return false;
  if (llvm::is_contained(WaitingFreeFunctions, qualifiedNameOf(*callee)))
    return true;
  if (isInStandardNamespace(*callee))
    return false;
  std::string name = foldedName(callee->getName());
  llvm::StringRef folded(name);
  if (folded.starts_with("wait") || folded.ends_with("wait") || folded.starts_with("sleep"))
    return true;
  if (llvm::isa<clang::CXXMethodDecl>(callee))
    return llvm::is_contained({"join", "acquire", "pop", "take", "dequeue", "receive", "recv"},
                              folded);
  return false;
}

bool searchBlocking(const clang::Stmt &statement, const ConcurrencyVocabulary &vocabulary,
                    unsigned depth, bool countWaitsByName,
                    std::set<const clang::FunctionDecl *> &visited) {
  if (llvm::isa<clang::LambdaExpr>(statement))
    return false;
  if (const auto *expression = llvm::dyn_cast<clang::Expr>(&statement)) {
    if (classifyBlockingCall(*expression, vocabulary))
      return true;
    if (const auto *call = llvm::dyn_cast<clang::CallExpr>(expression);
        call && countWaitsByName && waitsByName(*call))
      return true;
    if (const auto *call = llvm::dyn_cast<clang::CallExpr>(expression)) {
      const clang::FunctionDecl *callee = call->getDirectCallee();
      const clang::FunctionDecl *definition = nullptr;
      if (depth > 0 && callee && callee->hasBody(definition) && definition->getBody() &&
          visited.insert(definition).second &&
          searchBlocking(*definition->getBody(), vocabulary, depth - 1, countWaitsByName,
                         visited))
        return true;
    }
  }
  for (const clang::Stmt *child : statement.children())
    if (child && searchBlocking(*child, vocabulary, depth, countWaitsByName, visited))
      return true;
  return false;
}

} // namespace

bool containsBlockingCall(const clang::Stmt &statement, const ConcurrencyVocabulary &vocabulary,
                          unsigned depth) {
  std::set<const clang::FunctionDecl *> visited;
  return searchBlocking(statement, vocabulary, depth, /*countWaitsByName=*/false, visited);
}

bool containsWait(const clang::Stmt &statement, const ConcurrencyVocabulary &vocabulary,
                  unsigned depth) {
  std::set<const clang::FunctionDecl *> visited;
  return searchBlocking(statement, vocabulary, depth, /*countWaitsByName=*/true, visited);
}

bool isConditionWait(const clang::Expr &expression, const ConcurrencyVocabulary &vocabulary) {
  std::optional<BlockingCall> blocking = classifyBlockingCall(expression, vocabulary);
  return blocking && blocking->kind == BlockingKind::ConditionWait;
}

namespace {

/// Calls that only move a lock around a wait: a guard's or mutex's
/// lock/unlock/release, and assertions that it is held.
bool isLockBookkeeping(const clang::Expr *expression, const ConcurrencyVocabulary &vocabulary) {
  const auto *call = llvm::dyn_cast<clang::CXXMemberCallExpr>(expression->IgnoreImplicit());
  if (!call || !call->getMethodDecl() || !call->getMethodDecl()->getDeclName().isIdentifier())
    return false;
  const clang::Expr *object = call->getImplicitObjectArgument();
  if (!object)
    return false;
  clang::QualType type = object->IgnoreParenImpCasts()->getType();
  const clang::CXXRecordDecl *record =
      recordOf(type->isPointerType() ? type->getPointeeType() : type);
  return vocabulary.recordIs(record, ConcurrencyKind::Mutex) ||
         vocabulary.recordIs(record, ConcurrencyKind::ExclusiveGuard) ||
         vocabulary.recordIs(record, ConcurrencyKind::SharedGuard);
}

/// A guard that adopts a lock the caller already holds (or defers it): the
/// wrapper's caller, not the wrapper, owns the lock, the loop and the
/// predicate. A guard that acquires the lock itself makes the function a
/// waiter, not a wrapper.
bool isAdoptingGuardDeclaration(const clang::Stmt *statement,
                                const ConcurrencyVocabulary &vocabulary) {
  const auto *declaration = llvm::dyn_cast<clang::DeclStmt>(statement);
  if (!declaration)
    return false;
  return llvm::all_of(declaration->decls(), [&](const clang::Decl *decl) {
    const auto *variable = llvm::dyn_cast<clang::VarDecl>(decl);
    if (!variable || !(vocabulary.typeIs(variable->getType(), ConcurrencyKind::ExclusiveGuard) ||
                       vocabulary.typeIs(variable->getType(), ConcurrencyKind::SharedGuard)))
      return false;
    const clang::CXXConstructExpr *construct = constructionIn(variable->getInit());
    return construct && llvm::any_of(construct->arguments(), [](const clang::Expr *argument) {
             const clang::CXXRecordDecl *tag = recordOf(argument->getType());
             if (!tag)
               return false;
             std::string name = qualifiedRecordNameOf(*tag);
             return name == "::std::adopt_lock_t" || name == "::std::defer_lock_t";
           });
  });
}

bool isWaitOnOwnConditionVariable(const clang::Expr *expression,
                                  const clang::CXXRecordDecl &owner,
                                  const ConcurrencyVocabulary &vocabulary) {
  expression = expression->IgnoreImplicit();
  if (const auto *cast = llvm::dyn_cast<clang::CStyleCastExpr>(expression))
    expression = cast->getSubExpr()->IgnoreImplicit();
  const auto *call = llvm::dyn_cast<clang::CXXMemberCallExpr>(expression);
  if (!call || !isConditionWait(*call, vocabulary))
    return false;
  const auto *member = llvm::dyn_cast_or_null<clang::MemberExpr>(
      call->getImplicitObjectArgument() ? call->getImplicitObjectArgument()->IgnoreParenImpCasts()
                                        : nullptr);
  const auto *field =
      member ? llvm::dyn_cast<clang::FieldDecl>(member->getMemberDecl()) : nullptr;
  return field && field->getParent()->getCanonicalDecl() == owner.getCanonicalDecl();
}

} // namespace

namespace {

/// Whether `statement` does not block: plumbing around a wrapper's wait (a
/// status to return, a pointer cast from a parameter, a log line).
bool isPlumbing(const clang::Stmt *statement, const ConcurrencyVocabulary &vocabulary) {
  return !statement || !containsBlockingCall(*statement, vocabulary, /*depth=*/0);
}

/// One statement of a wrapper: it waits on the owner's condition variable,
/// moves a lock the caller holds, or is plumbing around the wait (a
/// status, a cast of a parameter) — possibly choosing between an untimed and
/// a timed wait by a parameter. Loops, guards that acquire, and any other
/// wait make it something else.
bool isWrapperStatement(const clang::Stmt *statement, const clang::CXXRecordDecl &owner,
                        const ConcurrencyVocabulary &vocabulary, bool &waits) {
  if (!statement || llvm::isa<clang::NullStmt>(statement))
    return true;
  if (const auto *compound = llvm::dyn_cast<clang::CompoundStmt>(statement))
    return llvm::all_of(compound->body(), [&](const clang::Stmt *child) {
      return isWrapperStatement(child, owner, vocabulary, waits);
    });
  if (isAdoptingGuardDeclaration(statement, vocabulary))
    return true;
  // A value computed by the wait, or by plumbing: `auto status = cv_.wait_for(…)`.
  auto isWaitOrPlumbing = [&](const clang::Expr *expression) {
    if (expression && isWaitOnOwnConditionVariable(expression, owner, vocabulary)) {
      waits = true;
      return true;
    }
    return isPlumbing(expression, vocabulary);
  };
  if (const auto *declaration = llvm::dyn_cast<clang::DeclStmt>(statement))
    return llvm::all_of(declaration->decls(), [&](const clang::Decl *decl) {
      const auto *variable = llvm::dyn_cast<clang::VarDecl>(decl);
      return variable && !vocabulary.typeIs(variable->getType(), ConcurrencyKind::ExclusiveGuard) &&
             !vocabulary.typeIs(variable->getType(), ConcurrencyKind::SharedGuard) &&
             !vocabulary.typeIs(variable->getType(), ConcurrencyKind::Mutex) &&
             isWaitOrPlumbing(variable->getInit());
    });
  if (const auto *branch = llvm::dyn_cast<clang::IfStmt>(statement)) {
    const clang::Expr *condition = branch->getCond();
    if (!isPlumbing(condition, vocabulary)) {
      // `if (cv.wait_for(lock, d) == std::cv_status::timeout)`
      const clang::Expr *tested = condition->IgnoreImplicit();
      if (const auto *comparison = llvm::dyn_cast<clang::BinaryOperator>(tested))
        tested = comparison->getLHS();
      else if (const auto *overloaded = llvm::dyn_cast<clang::CXXOperatorCallExpr>(tested);
               overloaded && overloaded->getNumArgs() == 2)
        tested = overloaded->getArg(0);
      if (!isWaitOnOwnConditionVariable(tested, owner, vocabulary))
        return false;
      waits = true;
    }
    return !branch->getInit() && !branch->getConditionVariable() &&
           isWrapperStatement(branch->getThen(), owner, vocabulary, waits) &&
           isWrapperStatement(branch->getElse(), owner, vocabulary, waits);
  }
  const clang::Expr *expression = llvm::dyn_cast<clang::Expr>(statement);
  if (const auto *returned = llvm::dyn_cast<clang::ReturnStmt>(statement)) {
    expression = returned->getRetValue();
    if (!expression)
      return true;
  }
  if (!expression)
    return false;
  if (const auto *assignment = llvm::dyn_cast<clang::BinaryOperator>(expression->IgnoreImplicit());
      assignment && assignment->isAssignmentOp())
    return isWaitOrPlumbing(assignment->getRHS());
  if (isLockBookkeeping(expression, vocabulary))
    return true;
  return isWaitOrPlumbing(expression);
}

} // namespace

bool isConditionWaitWrapper(const clang::FunctionDecl &function,
                            const ConcurrencyVocabulary &vocabulary) {
  const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(&function);
  const auto *body = llvm::dyn_cast_or_null<clang::CompoundStmt>(function.getBody());
  if (!method || !body)
    return false;
  bool waits = false;
  return isWrapperStatement(body, *method->getParent(), vocabulary, waits) && waits;
}

namespace {

/// An `if` that leaves the loop (`break` or `return`): the loop re-checks a
/// condition even though its own condition is constant.
bool hasExitCheck(const clang::Stmt *statement) {
  if (!statement || llvm::isa<clang::LambdaExpr>(statement))
    return false;
  if (const auto *ifStmt = llvm::dyn_cast<clang::IfStmt>(statement)) {
    auto leaves = [](const clang::Stmt *branch) {
      std::vector<const clang::Stmt *> pending{branch};
      while (!pending.empty()) {
        const clang::Stmt *current = pending.back();
        pending.pop_back();
        if (!current || llvm::isa<clang::WhileStmt, clang::DoStmt, clang::ForStmt,
                                  clang::CXXForRangeStmt, clang::SwitchStmt, clang::LambdaExpr>(
                            current))
          continue;
        if (llvm::isa<clang::BreakStmt, clang::ReturnStmt>(current))
          return true;
        for (const clang::Stmt *child : current->children())
          pending.push_back(child);
      }
      return false;
    };
    if (leaves(ifStmt->getThen()) || leaves(ifStmt->getElse()))
      return true;
  }
  for (const clang::Stmt *child : statement->children())
    if (!llvm::isa_and_nonnull<clang::WhileStmt, clang::DoStmt, clang::ForStmt>(child) &&
        hasExitCheck(child))
      return true;
  return false;
}

} // namespace

bool missesWakeUps(const clang::CXXMemberCallExpr &wait, const ConcurrencyVocabulary &vocabulary,
                   clang::ASTContext &context) {
  if (wait.getNumArgs() != 1 || !isConditionWait(wait, vocabulary) ||
      !wait.getMethodDecl() || wait.getMethodDecl()->getName() != "wait")
    return false;
  const clang::FunctionDecl *function = enclosingFunction(wait, context);
  if (function && isConditionWaitWrapper(*function, vocabulary))
    return false;
  if (const clang::Stmt *loop = enclosingLoopBody(wait, context))
    if (!isInfiniteLoop(*loop, context) || hasExitCheck(loopBody(*loop)))
      return false;
  return true;
}

} // namespace threadlint
