// Small AST questions several rules ask.
#pragma once

#include "clang/AST/ASTTypeTraits.h"
#include "clang/Basic/SourceLocation.h"

#include <string>

namespace clang {
class ASTContext;
class CallExpr;
class CXXConstructExpr;
class Expr;
class Stmt;
class ValueDecl;
} // namespace clang

namespace threadlint {

/// The token that names the called function: `detach` in `t.detach()`,
/// `async` in `std::async(...)`.
clang::SourceLocation calleeNameLocation(const clang::CallExpr &call);

/// The constructor call that initializes a variable, however it is spelled:
/// `T v(a)`, `T v{a}`, `auto v = T(a)`, `auto v = T{a, b}`, with or without
/// class template argument deduction. Null when the initializer is not a
/// construction (a function's result, a copy of another variable).
const clang::CXXConstructExpr *constructionIn(const clang::Expr *initializer);

/// The canonical declaration an expression names: a variable, a static data
/// member, or a data member of any object (`other.items_` names `items_`);
/// null otherwise.
const clang::ValueDecl *namedDecl(const clang::Expr *expression);

/// Like namedDecl, but a data member only through an implicit or explicit
/// `this` (`start`, `this->start_`), so that the result is one object.
const clang::ValueDecl *namedObject(const clang::Expr *expression);

/// How a message should name the object an expression refers to: `worker`,
/// `this->workers_`, or an empty string when it has no simple name.
std::string spelledObjectName(const clang::Expr *expression);

/// Whether the value of `expression` is thrown away: an expression statement,
/// a cast to void, or a comma operand whose value is unused.
bool isValueDiscarded(const clang::Expr &expression, clang::ASTContext &context);

/// The body of a `while`, `do`, `for` or range `for` loop; null for other
/// statements.
const clang::Stmt *loopBody(const clang::Stmt &loop);

/// The innermost loop whose body contains `node`, within the same function
/// (a lambda's body is a function of its own). Null when there is none, or
/// when `node` is in a loop's condition, initializer or increment.
const clang::Stmt *enclosingLoopBody(const clang::Stmt &node, clang::ASTContext &context);

/// A `while` or `do` loop, or a `for` loop without a condition: a loop that
/// runs for as long as work arrives, as opposed to a counted or range loop.
/// `while (n) { …; --n; }` counts as counted: its condition reads only
/// integer variables the body steps.
bool isEventLoop(const clang::Stmt &loop);

/// `while (true)`, `while (1)`, `for (;;)`, `do … while (true)`.
bool isInfiniteLoop(const clang::Stmt &loop, clang::ASTContext &context);

} // namespace threadlint
