#include "rules/names/PerKeyMutexRule.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

namespace threadlint::names {

namespace {

const llvm::StringRef OwningPointers[] = {"::std::unique_ptr", "::std::shared_ptr"};

} // namespace

RuleInfo PerKeyMutexRule::describe() {
  return {"threadlint-per-key-mutex", "names", Severity::Warning,
          "a mutex per run-time key in a table that never shrinks: use lock striping",
          {}};
}

bool PerKeyMutexRule::qualifies(const Insertion &insertion, clang::ASTContext &context) const {
  clang::QualType containerType = insertion.container->IgnoreParenImpCasts()->getType();
  if (containerType->isPointerType())
    containerType = containerType->getPointeeType();
  clang::QualType mapped = mappedTypeOf(containerType);
  if (mapped.isNull())
    return false;
  if (const clang::CXXRecordDecl *holder = recordOf(mapped);
      holder && llvm::is_contained(OwningPointers, qualifiedRecordNameOf(*holder)))
    mapped = firstTemplateTypeArgument(mapped);
  return !mapped.isNull() && vocabulary().typeIs(mapped, ConcurrencyKind::Mutex) &&
         !isCompileTimeConstant(*insertion.key, context);
}

void PerKeyMutexRule::reportInsertion(const Insertion &insertion) {
  std::string name = insertion.containerDecl->getNameAsString();
  report(locationOf(insertion), "'" + name + "' creates a mutex for every new key, never removed")
      .explain("nothing in this translation unit removes one, so the lock table grows with the "
               "key space; lock a fixed pool of striped mutexes instead (e.g. "
               "std::array<std::mutex, 64> indexed by std::hash of the key modulo its size)");
}

} // namespace threadlint::names
