// Small AST questions several rules ask.
#pragma once

#include "clang/AST/ASTTypeTraits.h"
#include "clang/Basic/SourceLocation.h"

#include <string>

namespace clang {
class ASTContext;
class CallExpr;
class Expr;
} // namespace clang

namespace threadlint {

/// The token that names the called function: `detach` in `t.detach()`,
/// `async` in `std::async(...)`.
clang::SourceLocation calleeNameLocation(const clang::CallExpr &call);

/// How a message should name the object an expression refers to: `worker`,
/// `this->workers_`, or an empty string when it has no simple name.
std::string spelledObjectName(const clang::Expr *expression);

/// Whether the value of `expression` is thrown away: an expression statement,
/// a cast to void, or a comma operand whose value is unused.
bool isValueDiscarded(const clang::Expr &expression, clang::ASTContext &context);

} // namespace threadlint
