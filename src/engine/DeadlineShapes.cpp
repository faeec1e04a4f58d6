#include "engine/DeadlineShapes.h"

#include "engine/AstHelpers.h"
#include "engine/ThreadEntries.h"
#include "engine/Vocabulary.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringExtras.h"

#include <functional>

namespace threadlint {

namespace {

/// Verbs of hand-off APIs, lower case without underscores: `runInLoop`,
/// `run_in_loop`, `queueInLoop`, `post`, `submit`, …
const llvm::StringRef HandOffVerbs[] = {"post",    "dispatch", "submit", "enqueue", "schedule",
                                        "execute", "runin",    "queuein", "spawn",  "defer",
                                        "send",    "push",     "addtask", "async"};

/// Member functions that put an element into a container.
const llvm::StringRef InsertionMethods[] = {"push",         "push_back",    "push_front",
                                            "emplace",      "emplace_back", "emplace_front",
                                            "insert"};

/// The value an expression passes on, through parentheses, conversions,
/// temporaries, one-argument constructions and std::move/std::forward.
const clang::Expr *passThrough(const clang::Expr *expression) {
  while (expression) {
    expression = expression->IgnoreParenImpCasts();
    if (const auto *cleanups = llvm::dyn_cast<clang::ExprWithCleanups>(expression))
      expression = cleanups->getSubExpr();
    else if (const auto *temporary = llvm::dyn_cast<clang::MaterializeTemporaryExpr>(expression))
      expression = temporary->getSubExpr();
    else if (const auto *bind = llvm::dyn_cast<clang::CXXBindTemporaryExpr>(expression))
      expression = bind->getSubExpr();
    else if (const auto *cast = llvm::dyn_cast<clang::CXXFunctionalCastExpr>(expression))
      expression = cast->getSubExpr();
    else if (const auto *construct = llvm::dyn_cast<clang::CXXConstructExpr>(expression);
             construct && construct->getNumArgs() == 1 &&
             !llvm::isa<clang::CXXTemporaryObjectExpr>(construct))
      expression = construct->getArg(0);
    else if (isMoveOrForward(*expression))
      expression = llvm::cast<clang::CallExpr>(expression)->getArg(0);
    else
      return expression;
  }
  return nullptr;
}

/// The variable or data member (through `this`) an expression is, looking
/// through `*p` and `p->`.
const clang::ValueDecl *rootDecl(const clang::Expr *expression) {
  expression = passThrough(expression);
  if (!expression)
    return nullptr;
  if (const auto *call = llvm::dyn_cast<clang::CXXOperatorCallExpr>(expression))
    if ((call->getOperator() == clang::OO_Arrow || call->getOperator() == clang::OO_Star) &&
        call->getNumArgs() == 1)
      return rootDecl(call->getArg(0));
  if (const auto *unary = llvm::dyn_cast<clang::UnaryOperator>(expression))
    if (unary->getOpcode() == clang::UO_Deref)
      return rootDecl(unary->getSubExpr());
  const clang::ValueDecl *decl = namedObject(expression);
  return decl ? llvm::cast<clang::ValueDecl>(decl->getCanonicalDecl()) : nullptr;
}

const clang::Stmt *bodyOf(const clang::FunctionDecl &function) {
  const clang::FunctionDecl *definition = nullptr;
  return function.hasBody(definition) ? definition->getBody() : nullptr;
}

/// Visits every statement under `statement`; lambda bodies only when
/// `intoLambdas` (code in a lambda runs when the lambda is called).
void forEachStatement(const clang::Stmt *statement, bool intoLambdas,
                      const std::function<void(const clang::Stmt &)> &visit) {
  if (!statement)
    return;
  visit(*statement);
  if (const auto *lambda = llvm::dyn_cast<clang::LambdaExpr>(statement)) {
    for (const clang::Expr *init : lambda->capture_inits())
      forEachStatement(init, intoLambdas, visit);
    if (intoLambdas)
      forEachStatement(lambda->getBody(), intoLambdas, visit);
    return;
  }
  for (const clang::Stmt *child : statement->children())
    forEachStatement(child, intoLambdas, visit);
}

bool mentions(const clang::Stmt *statement, const clang::ValueDecl *decl) {
  bool found = false;
  forEachStatement(statement, /*intoLambdas=*/true, [&](const clang::Stmt &node) {
    if (const auto *reference = llvm::dyn_cast<clang::DeclRefExpr>(&node))
      found |= reference->getDecl()->getCanonicalDecl() == decl;
    else if (const auto *member = llvm::dyn_cast<clang::MemberExpr>(&node))
      found |= member->getMemberDecl()->getCanonicalDecl() == decl;
  });
  return found;
}

/// The member functions of a class that have a body in this translation
/// unit, member templates included.
std::vector<const clang::FunctionDecl *> definedMembers(const clang::CXXRecordDecl &record) {
  std::vector<const clang::FunctionDecl *> members;
  const clang::CXXRecordDecl *definition = record.getDefinition();
  if (!definition)
    return members;
  for (const clang::Decl *decl : definition->decls()) {
    const auto *function = llvm::dyn_cast<clang::FunctionDecl>(decl);
    if (const auto *functionTemplate = llvm::dyn_cast<clang::FunctionTemplateDecl>(decl))
      function = functionTemplate->getTemplatedDecl();
    if (function && bodyOf(*function))
      members.push_back(function);
  }
  return members;
}

const clang::CXXRecordDecl *classOfMember(const clang::ValueDecl *decl) {
  const auto *field = llvm::dyn_cast_or_null<clang::FieldDecl>(decl);
  return field ? llvm::dyn_cast<clang::CXXRecordDecl>(field->getParent()) : nullptr;
}

/// A lambda that captures `decl` or uses it in its body (through `this` for
/// a data member), or whose init-capture moves it in.
bool lambdaCarries(const clang::LambdaExpr &lambda, const clang::ValueDecl *decl) {
  for (const clang::Expr *init : lambda.capture_inits())
    if (init && rootDecl(init) == decl)
      return true;
  return mentions(lambda.getBody(), decl);
}

llvm::StringRef calleeName(const clang::CallExpr &call) {
  if (const clang::FunctionDecl *callee = call.getDirectCallee())
    if (callee->getDeclName().isIdentifier())
      return callee->getName();
  const clang::Expr *callee = call.getCallee()->IgnoreParenImpCasts();
  if (const auto *member = llvm::dyn_cast<clang::CXXDependentScopeMemberExpr>(callee))
    return member->getMember().isIdentifier() ? member->getMember().getAsIdentifierInfo()->getName()
                                              : llvm::StringRef();
  if (const auto *member = llvm::dyn_cast<clang::UnresolvedMemberExpr>(callee))
    return member->getName().isIdentifier() ? member->getName().getAsIdentifierInfo()->getName()
                                            : llvm::StringRef();
  if (const auto *lookup = llvm::dyn_cast<clang::UnresolvedLookupExpr>(callee))
    return lookup->getName().isIdentifier() ? lookup->getName().getAsIdentifierInfo()->getName()
                                            : llvm::StringRef();
  return {};
}

bool isInStandardLibrary(const clang::CallExpr &call) {
  const clang::FunctionDecl *callee = call.getDirectCallee();
  return callee && callee->isInStdNamespace();
}

bool isInsertion(const clang::CallExpr &call) {
  const auto *member = llvm::dyn_cast<clang::CXXMemberCallExpr>(&call);
  return member && llvm::is_contained(InsertionMethods, calleeName(call));
}

/// A data member receives an element: `queue_.push(…)`, `this->tasks_.emplace_back(…)`.
const clang::ValueDecl *insertedIntoMember(const clang::CallExpr &call) {
  if (!isInsertion(call))
    return nullptr;
  const clang::ValueDecl *target =
      rootDecl(llvm::cast<clang::CXXMemberCallExpr>(call).getImplicitObjectArgument());
  return llvm::isa_and_nonnull<clang::FieldDecl>(target) ? target : nullptr;
}

bool nameSaysDeadline(llvm::StringRef name) {
  std::string lower = name.lower();
  llvm::StringRef text(lower);
  if (text.contains("timeout") || text.contains("deadline") || text.contains("millis") ||
      text.contains("seconds"))
    return true;
  // `_ms` as a word: `wait_ms`, `timeout_ms_`, not `num_msgs`.
  for (std::size_t at = text.find("_ms"); at != llvm::StringRef::npos;
       at = text.find("_ms", at + 1))
    if (at + 3 == text.size() || text[at + 3] == '_')
      return true;
  return false;
}

} // namespace

bool namesHandOff(llvm::StringRef name) {
  std::string folded;
  for (char c : name)
    if (c != '_')
      folded.push_back(llvm::toLower(c));
  return llvm::any_of(HandOffVerbs,
                      [&](llvm::StringRef verb) { return llvm::StringRef(folded).contains(verb); });
}

DeadlineAnalysis::DeadlineAnalysis(const ConcurrencyVocabulary &vocabulary,
                                   const ThreadEntryCollector &entries, clang::ASTContext &context)
    : vocabulary_(vocabulary), entries_(entries), context_(context) {}

std::optional<OwedDeadline> DeadlineAnalysis::owedBy(const clang::CXXMemberCallExpr &wait,
                                                     const clang::FunctionDecl &function) const {
  if (std::optional<OwedDeadline> owed = ignoredDeadline(wait, function))
    return owed;
  if (std::optional<OwedDeadline> owed = synchronousCall(wait, function))
    return owed;
  std::optional<OwedDeadline> owed = waitingDestructor(function);
  if (!owed)
    return std::nullopt;
  // "Waits on another thread's work": a condition variable or semaphore that
  // a thread of this translation unit signals. One that another object's
  // destructor signals ("the last user is gone") is a join in disguise.
  clang::QualType waitedType = wait.getImplicitObjectArgument()->IgnoreParenImpCasts()->getType();
  if (waitedType->isPointerType())
    waitedType = waitedType->getPointeeType();
  if (!vocabulary_.typeIs(waitedType, ConcurrencyKind::Future) &&
      !signalledByAThread(rootDecl(wait.getImplicitObjectArgument())))
    return std::nullopt;
  return owed;
}

bool DeadlineAnalysis::signalledByAThread(const clang::ValueDecl *object) const {
  if (!object)
    return false;
  auto signals = [&](const clang::Stmt *body) {
    bool found = false;
    forEachStatement(body, /*intoLambdas=*/true, [&](const clang::Stmt &node) {
      const auto *call = llvm::dyn_cast<clang::CXXMemberCallExpr>(&node);
      if (!call || found)
        return;
      llvm::StringRef name = calleeName(*call);
      found = (name == "notify_one" || name == "notify_all" || name == "release") &&
              rootDecl(call->getImplicitObjectArgument()) == object;
    });
    return found;
  };
  for (const auto &[entry, started] : entries_.entries())
    if (signals(bodyOf(*entry)))
      return true;
  if (const clang::CXXRecordDecl *owner = classOfMember(object))
    for (const clang::FunctionDecl *method : definedMembers(*owner))
      if (entries_.runsOnOwnThread(method) && signals(bodyOf(*method)))
        return true;
  return false;
}

std::optional<OwedDeadline>
DeadlineAnalysis::ignoredDeadline(const clang::CXXMemberCallExpr &wait,
                                  const clang::FunctionDecl &function) const {
  const clang::Stmt *body = bodyOf(function);
  if (!body)
    return std::nullopt;
  const clang::SourceManager &sources = context_.getSourceManager();
  for (const clang::ParmVarDecl *parameter : function.parameters()) {
    // An unnamed or [[maybe_unused]] parameter is deliberately ignored: an
    // override whose base takes a deadline it has no use for.
    if (!parameter->getIdentifier() || parameter->hasAttr<clang::UnusedAttr>())
      continue;
    clang::QualType type = parameter->getType().getNonReferenceType();
    bool isDeadline = vocabulary_.typeIs(type, ConcurrencyKind::Duration) ||
                      vocabulary_.typeIs(type, ConcurrencyKind::TimePoint) ||
                      ((type->isIntegerType() && !type->isBooleanType() &&
                        !type->isEnumeralType()) ||
                       type->isFloatingType()) &&
                          nameSaysDeadline(parameter->getName());
    if (!isDeadline)
      continue;
    // The deadline is used when a condition before the wait (or around it)
    // reads it: `if (timeout < 0) cv.wait(lock);` makes "no deadline" a
    // value of the parameter.
    bool consulted = false;
    forEachStatement(body, /*intoLambdas=*/false, [&](const clang::Stmt &node) {
      const clang::Expr *condition = nullptr;
      // `if (auto ms = timeout.count(); ms < 0)` reads it in the init.
      if (const auto *ifStmt = llvm::dyn_cast<clang::IfStmt>(&node);
          ifStmt && ifStmt->getInit() &&
          sources.isBeforeInTranslationUnit(ifStmt->getBeginLoc(), wait.getBeginLoc()) &&
          mentions(ifStmt->getInit(), parameter))
        consulted = true;
      if (const auto *ifStmt = llvm::dyn_cast<clang::IfStmt>(&node))
        condition = ifStmt->getCond();
      else if (const auto *whileStmt = llvm::dyn_cast<clang::WhileStmt>(&node))
        condition = whileStmt->getCond();
      else if (const auto *forStmt = llvm::dyn_cast<clang::ForStmt>(&node))
        condition = forStmt->getCond();
      else if (const auto *doStmt = llvm::dyn_cast<clang::DoStmt>(&node))
        condition = doStmt->getCond();
      else if (const auto *switchStmt = llvm::dyn_cast<clang::SwitchStmt>(&node))
        condition = switchStmt->getCond();
      else if (const auto *conditional = llvm::dyn_cast<clang::ConditionalOperator>(&node))
        condition = conditional->getCond();
      if (condition &&
          sources.isBeforeInTranslationUnit(condition->getBeginLoc(), wait.getBeginLoc()) &&
          mentions(condition, parameter))
        consulted = true;
    });
    if (!consulted)
      return OwedDeadline{DeadlineShape::IgnoredDeadline, parameter->getNameAsString()};
  }
  return std::nullopt;
}

std::optional<OwedDeadline>
DeadlineAnalysis::synchronousCall(const clang::CXXMemberCallExpr &wait,
                                  const clang::FunctionDecl &function) const {
  const clang::Stmt *body = bodyOf(function);
  if (!body)
    return std::nullopt;
  const clang::SourceManager &sources = context_.getSourceManager();
  auto before = [&](const clang::Stmt &node) {
    return llvm::isa<clang::CallExpr>(node) && node.getBeginLoc().isValid() &&
           sources.isBeforeInTranslationUnit(node.getBeginLoc(), wait.getBeginLoc());
  };
  // A thread started here and waited for is a start-up handshake, not a
  // call into a thread that serves others.
  auto startsThread = [&](const clang::Expr &expression) {
    clang::QualType type = expression.getType();
    return vocabulary_.typeIs(type, ConcurrencyKind::Thread) ||
           vocabulary_.typeIs(firstTemplateTypeArgument(type), ConcurrencyKind::Thread);
  };
  auto intoThreads = [&](const clang::CallExpr &call) {
    const auto *member = llvm::dyn_cast<clang::CXXMemberCallExpr>(&call);
    return member && member->getImplicitObjectArgument() &&
           vocabulary_.typeIs(firstTemplateTypeArgument(
                                  member->getImplicitObjectArgument()->getType()),
                              ConcurrencyKind::Thread);
  };

  std::optional<OwedDeadline> owed;
  clang::QualType waitedType = wait.getImplicitObjectArgument()->IgnoreParenImpCasts()->getType();
  if (waitedType->isPointerType())
    waitedType = waitedType->getPointeeType();
  if (vocabulary_.typeIs(waitedType, ConcurrencyKind::Future)) {
    // The promise or packaged task behind the awaited future.
    const clang::ValueDecl *producer = nullptr;
    std::function<void(const clang::Expr *, unsigned)> traceSource = [&](const clang::Expr *source,
                                                                          unsigned depth) {
      source = passThrough(source);
      if (!source || producer || depth > 3)
        return;
      if (const auto *call = llvm::dyn_cast<clang::CXXMemberCallExpr>(source)) {
        if (calleeName(*call) == "get_future")
          producer = rootDecl(call->getImplicitObjectArgument());
        else if (calleeName(*call) == "share")
          traceSource(call->getImplicitObjectArgument(), depth + 1);
        return;
      }
      const auto *reference = llvm::dyn_cast<clang::DeclRefExpr>(source);
      const auto *variable =
          reference ? llvm::dyn_cast<clang::VarDecl>(reference->getDecl()) : nullptr;
      if (!variable || !variable->hasLocalStorage())
        return;
      traceSource(variable->getInit(), depth + 1);
      forEachStatement(body, /*intoLambdas=*/false, [&](const clang::Stmt &node) {
        if (const auto *assign = llvm::dyn_cast<clang::BinaryOperator>(&node);
            assign && assign->isAssignmentOp() && rootDecl(assign->getLHS()) == variable)
          traceSource(assign->getRHS(), depth + 1);
        else if (const auto *call = llvm::dyn_cast<clang::CXXOperatorCallExpr>(&node);
                 call && call->getOperator() == clang::OO_Equal && call->getNumArgs() == 2 &&
                 rootDecl(call->getArg(0)) == variable)
          traceSource(call->getArg(1), depth + 1);
      });
    };
    traceSource(wait.getImplicitObjectArgument(), 0);
    if (!producer)
      return std::nullopt;

    // `copied`: the callee keeps a copy of what it is given (std::bind does).
    auto carries = [&](const clang::Expr *argument, const clang::CallExpr *call, bool copied) {
      const clang::Expr *value = passThrough(argument);
      if (!value)
        return false;
      if (rootDecl(value) == producer) {
        // Handed over, not lent: moved or copied into the callee, or put
        // into a container member.
        const clang::Expr *spelled = argument->IgnoreParenImpCasts();
        bool lent = !copied && llvm::isa<clang::DeclRefExpr, clang::MemberExpr>(spelled) &&
                    spelled->isLValue() && !(call && insertedIntoMember(*call));
        return !lent;
      }
      if (const auto *lambda = llvm::dyn_cast<clang::LambdaExpr>(value))
        return lambdaCarries(*lambda, producer);
      if (const auto *reference = llvm::dyn_cast<clang::DeclRefExpr>(value))
        if (const auto *variable = llvm::dyn_cast<clang::VarDecl>(reference->getDecl()))
          if (const auto *lambda =
                  llvm::dyn_cast_or_null<clang::LambdaExpr>(passThrough(variable->getInit())))
            return lambdaCarries(*lambda, producer);
      return false;
    };
    forEachStatement(body, /*intoLambdas=*/false, [&](const clang::Stmt &node) {
      if (owed || !before(node))
        return;
      const auto *call = llvm::dyn_cast<clang::CallExpr>(&node);
      if (!call || call == &wait || isMoveOrForward(*call) || startsThread(*call) ||
          intoThreads(*call) || isAsyncCall(*call))
        return;
      if (const auto *member = llvm::dyn_cast<clang::CXXMemberCallExpr>(call))
        if (rootDecl(member->getImplicitObjectArgument()) == producer)
          return; // the promise's own members: set_value, get_future
      if (isInStandardLibrary(*call) && !insertedIntoMember(*call))
        return;
      for (const clang::Expr *argument : call->arguments()) {
        bool handed = carries(argument, call, /*copied=*/false);
        // `post(std::bind(&fulfil, std::move(promise)))`: one level of wrapping.
        if (!handed)
          if (const auto *inner = llvm::dyn_cast_or_null<clang::CallExpr>(passThrough(argument)))
            handed = llvm::any_of(inner->arguments(), [&](const clang::Expr *wrapped) {
              return carries(wrapped, nullptr, /*copied=*/true);
            });
        if (handed) {
          owed = OwedDeadline{DeadlineShape::SynchronousCall, producer->getNameAsString()};
          return;
        }
      }
    });
    return owed;
  }

  // A condition variable or a semaphore: work handed over before the wait.
  auto isCallable = [&](const clang::Expr *argument) {
    const clang::Expr *value = passThrough(argument);
    if (!value)
      return false;
    if (llvm::isa<clang::LambdaExpr>(value))
      return true;
    clang::QualType type = value->getType().getNonReferenceType();
    if (type->isFunctionPointerType() || type->isMemberFunctionPointerType() ||
        type->isFunctionType())
      return true;
    const clang::CXXRecordDecl *record = recordOf(type);
    if (!record || !record->hasDefinition())
      return false;
    auto callOperator = context_.DeclarationNames.getCXXOperatorName(clang::OO_Call);
    return record->isLambda() || !record->lookup(callOperator).empty();
  };
  auto poppedByAThread = [&](const clang::ValueDecl *member) {
    for (const auto &[entry, started] : entries_.entries())
      if (mentions(bodyOf(*entry), member))
        return true;
    if (const clang::CXXRecordDecl *owner = classOfMember(member))
      for (const clang::FunctionDecl *method : definedMembers(*owner))
        if (entries_.runsOnOwnThread(method) && mentions(bodyOf(*method), member))
          return true;
    return false;
  };
  forEachStatement(body, /*intoLambdas=*/false, [&](const clang::Stmt &node) {
    if (owed || !before(node))
      return;
    const auto *call = llvm::dyn_cast<clang::CallExpr>(&node);
    if (!call || call == &wait || startsThread(*call) || intoThreads(*call))
      return;
    if (const clang::ValueDecl *queue = insertedIntoMember(*call)) {
      if (poppedByAThread(queue))
        owed = OwedDeadline{DeadlineShape::SynchronousCall, queue->getNameAsString()};
      return;
    }
    if (isInStandardLibrary(*call) || !namesHandOff(calleeName(*call)))
      return;
    if (llvm::any_of(call->arguments(), isCallable))
      owed = OwedDeadline{DeadlineShape::SynchronousCall, calleeName(*call).str()};
  });
  return owed;
}

std::optional<OwedDeadline>
DeadlineAnalysis::waitingDestructor(const clang::FunctionDecl &function) const {
  const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(&function);
  if (!method)
    return std::nullopt;
  if (const auto *destructor = llvm::dyn_cast<clang::CXXDestructorDecl>(method))
    return OwedDeadline{DeadlineShape::WaitingDestructor, destructor->getNameAsString()};
  // A non-public member function that only the destructor calls (directly,
  // or through other such functions).
  const clang::CXXRecordDecl *owner = method->getParent();
  std::vector<const clang::FunctionDecl *> members = definedMembers(*owner);
  std::function<const clang::CXXDestructorDecl *(const clang::CXXMethodDecl &, unsigned)>
      onlyDestructorCalls = [&](const clang::CXXMethodDecl &callee,
                                unsigned depth) -> const clang::CXXDestructorDecl * {
    if (callee.getAccess() == clang::AS_public || depth > 3)
      return nullptr;
    const clang::CXXDestructorDecl *destructor = nullptr;
    bool called = false;
    for (const clang::FunctionDecl *member : members) {
      bool calls = false;
      forEachStatement(bodyOf(*member), /*intoLambdas=*/true, [&](const clang::Stmt &node) {
        if (const auto *call = llvm::dyn_cast<clang::CallExpr>(&node))
          if (const clang::FunctionDecl *target = call->getDirectCallee())
            calls |= target->getCanonicalDecl() == callee.getCanonicalDecl();
      });
      if (!calls || member->getCanonicalDecl() == callee.getCanonicalDecl())
        continue;
      called = true;
      const auto *caller = llvm::dyn_cast<clang::CXXMethodDecl>(member);
      const clang::CXXDestructorDecl *through =
          llvm::dyn_cast<clang::CXXDestructorDecl>(member);
      if (!through && caller)
        through = onlyDestructorCalls(*caller, depth + 1);
      if (!through)
        return nullptr;
      destructor = through;
    }
    return called ? destructor : nullptr;
  };
  if (const clang::CXXDestructorDecl *destructor = onlyDestructorCalls(*method, 0))
    return OwedDeadline{DeadlineShape::WaitingDestructor, destructor->getNameAsString()};
  return std::nullopt;
}

bool DeadlineAnalysis::awaitsAsyncResult(const clang::CXXMemberCallExpr &wait,
                                         const clang::FunctionDecl &function) const {
  // Where to look for what fills a variable: its function, or for a data
  // member every member function of its class.
  auto scopesOf = [&](const clang::ValueDecl *decl) {
    std::vector<const clang::Stmt *> scopes;
    if (const clang::CXXRecordDecl *owner = classOfMember(decl)) {
      for (const clang::FunctionDecl *member : definedMembers(*owner)) {
        scopes.push_back(bodyOf(*member));
        if (const auto *constructor = llvm::dyn_cast<clang::CXXConstructorDecl>(member))
          for (const clang::CXXCtorInitializer *init : constructor->inits())
            if (init->getMember() && init->getMember()->getCanonicalDecl() == decl)
              scopes.push_back(init->getInit());
      }
      if (const auto *field = llvm::dyn_cast<clang::FieldDecl>(decl))
        scopes.push_back(field->getInClassInitializer());
    } else {
      scopes.push_back(bodyOf(function));
    }
    return scopes;
  };
  std::function<bool(const clang::Expr *, unsigned)> fromAsync = [&](const clang::Expr *source,
                                                                     unsigned depth) {
    source = passThrough(source);
    if (!source || depth > 4)
      return false;
    if (isAsyncCall(*source))
      return true;
    if (const auto *call = llvm::dyn_cast<clang::CXXMemberCallExpr>(source)) {
      llvm::StringRef name = calleeName(*call);
      // `f.share()`, `futures.front()`, `futures.at(i)`.
      if (name == "share" || name == "front" || name == "back" || name == "at")
        return fromAsync(call->getImplicitObjectArgument(), depth + 1);
      return false;
    }
    if (const auto *call = llvm::dyn_cast<clang::CXXOperatorCallExpr>(source)) {
      if (call->getOperator() == clang::OO_Subscript && call->getNumArgs() > 0)
        return fromAsync(call->getArg(0), depth + 1);
      if (call->getOperator() == clang::OO_Star && call->getNumArgs() == 1)
        return fromAsync(call->getArg(0), depth + 1);
      return false;
    }
    const clang::ValueDecl *decl = rootDecl(source);
    if (!decl)
      return false;
    if (const auto *variable = llvm::dyn_cast<clang::VarDecl>(decl)) {
      if (fromAsync(variable->getInit(), depth + 1))
        return true;
    }
    bool found = false;
    for (const clang::Stmt *scope : scopesOf(decl)) {
      if (const auto *init = llvm::dyn_cast_or_null<clang::Expr>(scope); init && !found)
        found = fromAsync(init, depth + 1);
      forEachStatement(scope, /*intoLambdas=*/true, [&](const clang::Stmt &node) {
        if (found)
          return;
        if (const auto *assign = llvm::dyn_cast<clang::BinaryOperator>(&node);
            assign && assign->isAssignmentOp() && rootDecl(assign->getLHS()) == decl)
          found = fromAsync(assign->getRHS(), depth + 1);
        else if (const auto *op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(&node);
                 op && op->getOperator() == clang::OO_Equal && op->getNumArgs() == 2 &&
                 rootDecl(op->getArg(0)) == decl)
          found = fromAsync(op->getArg(1), depth + 1);
        else if (const auto *call = llvm::dyn_cast<clang::CallExpr>(&node);
                 call && isInsertion(*call) &&
                 rootDecl(llvm::cast<clang::CXXMemberCallExpr>(call)->getImplicitObjectArgument()) ==
                     decl)
          found = llvm::any_of(call->arguments(), [&](const clang::Expr *argument) {
            return fromAsync(argument, depth + 1);
          });
        else if (const auto *loop = llvm::dyn_cast<clang::CXXForRangeStmt>(&node);
                 loop && loop->getLoopVariable() &&
                 loop->getLoopVariable()->getCanonicalDecl() == decl)
          found = fromAsync(loop->getRangeInit(), depth + 1);
      });
      if (found)
        return true;
    }
    return false;
  };
  return fromAsync(wait.getImplicitObjectArgument(), 0);
}

bool DeadlineAnalysis::classOffersTimedWait(const clang::CXXMemberCallExpr &wait,
                                            const clang::FunctionDecl &function) const {
  const clang::ValueDecl *object = rootDecl(wait.getImplicitObjectArgument());
  const clang::CXXRecordDecl *owner = classOfMember(object);
  if (!owner)
    return false;
  for (const clang::FunctionDecl *member : definedMembers(*owner)) {
    if (member->getCanonicalDecl() == function.getCanonicalDecl())
      continue;
    bool timed = false;
    forEachStatement(bodyOf(*member), /*intoLambdas=*/true, [&](const clang::Stmt &node) {
      const auto *call = llvm::dyn_cast<clang::CXXMemberCallExpr>(&node);
      if (!call || timed)
        return;
      llvm::StringRef name = calleeName(*call);
      timed = (name.ends_with("_for") || name.ends_with("_until")) &&
              rootDecl(call->getImplicitObjectArgument()) == object;
    });
    if (timed)
      return true;
  }
  return false;
}

} // namespace threadlint
