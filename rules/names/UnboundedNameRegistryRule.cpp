#include "rules/names/UnboundedNameRegistryRule.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

namespace threadlint::names {

namespace {

bool isStringKey(clang::QualType key) {
  if (key.isNull())
    return false;
  key = key.getCanonicalType();
  if (key->isPointerType())
    return key->getPointeeType()->isAnyCharacterType();
  const clang::CXXRecordDecl *record = recordOf(key);
  if (!record)
    return false;
  std::string name = qualifiedRecordNameOf(*record);
  return name == "::std::basic_string" || name == "::std::basic_string_view";
}

bool hasStaticStorage(const clang::ValueDecl *decl) {
  const auto *variable = llvm::dyn_cast_or_null<clang::VarDecl>(decl);
  return variable && variable->hasGlobalStorage() && !variable->getTLSKind();
}

} // namespace

RuleInfo UnboundedNameRegistryRule::describe() {
  return {"threadlint-unbounded-name-registry", "names", Severity::Warning,
          "a process-lifetime table keyed by run-time names that is never pruned",
          {}};
}

bool UnboundedNameRegistryRule::qualifies(const Insertion &insertion,
                                          clang::ASTContext &context) const {
  clang::QualType containerType = insertion.container->IgnoreParenImpCasts()->getType();
  if (containerType->isPointerType())
    containerType = containerType->getPointeeType();
  return hasStaticStorage(insertion.containerDecl) &&
         isStringKey(firstTemplateTypeArgument(containerType)) &&
         !isCompileTimeConstant(*insertion.key, context);
}

void UnboundedNameRegistryRule::reportInsertion(const Insertion &insertion) {
  std::string name = insertion.containerDecl->getNameAsString();
  std::string readNote =
      insertion.subscript ? " (operator[] inserts a missing key even when the result is only "
                            "read; use find() to look up)"
                          : "";
  report(locationOf(insertion),
         "'" + name + "' lives as long as the process and gains an entry for every new name" +
             readNote +
             ": the key comes from run-time data and nothing in this translation unit ever "
             "removes from it; erase entries when their owner goes away, bound the table, or "
             "key it by a closed set such as an enum");
}

} // namespace threadlint::names
