// Questions the `names` rules ask about associative containers: is this call
// an insertion and with which key, is the key a compile-time constant, and
// does the translation unit ever remove from the container.
#pragma once

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/DenseSet.h"

namespace clang {
class ASTContext;
class CallExpr;
class Expr;
class ValueDecl;
} // namespace clang

namespace threadlint {

class ConcurrencyVocabulary;

/// An insertion into a standard associative container: `operator[]`,
/// `insert`, `emplace`, `try_emplace`, `insert_or_assign`.
struct Insertion {
  const clang::CallExpr *call = nullptr;
  const clang::Expr *container = nullptr; ///< the object inserted into
  const clang::ValueDecl *containerDecl = nullptr; ///< variable or data member, if named
  const clang::Expr *key = nullptr; ///< null when it cannot be told
  bool subscript = false;           ///< `operator[]`
};

/// Whether `call` inserts into an associative container, and what.
std::optional<Insertion> asInsertion(const clang::CallExpr &call,
                                     const ConcurrencyVocabulary &vocabulary);

/// The mapped type of a map (`std::map`, `std::unordered_map` and their
/// multi- variants): the second template argument. Null for sets.
clang::QualType mappedTypeOf(clang::QualType container);

/// A literal, a `constexpr` variable, a `const` variable initialized from a
/// literal, an enumerator, or a constant expression (an enumerator turned
/// into a name by a constexpr function) — through the conversions to
/// `std::string` and `std::string_view`.
bool isCompileTimeConstant(const clang::Expr &expression, clang::ASTContext &context);

/// Collects, over a translation unit, the containers something may remove
/// from: `erase`, `clear`, `extract`, `swap`, `merge`, assignment, and being
/// passed by non-const reference or pointer to any function (which could
/// prune it). Conservative: in doubt, a container counts as pruned.
class PruningCollector {
public:
  void registerMatchers(clang::ast_matchers::MatchFinder &finder,
                        clang::ast_matchers::MatchFinder::MatchCallback &callback);
  bool collect(const clang::ast_matchers::MatchFinder::MatchResult &result);
  bool mayBePruned(const clang::ValueDecl *container) const;

private:
  llvm::DenseSet<const clang::ValueDecl *> pruned_;
};

} // namespace threadlint
