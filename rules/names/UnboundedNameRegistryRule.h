#pragma once

#include "rules/names/NeverPrunedInsertionRule.h"

namespace threadlint::names {

/// Flags insertions with run-time string keys into process-lifetime
/// associative containers that nothing ever prunes.
class UnboundedNameRegistryRule : public NeverPrunedInsertionRule {
public:
  static RuleInfo describe();
  using NeverPrunedInsertionRule::NeverPrunedInsertionRule;

protected:
  bool qualifies(const Insertion &insertion, clang::ASTContext &context) const override;
  void reportInsertion(const Insertion &insertion) override;
};

} // namespace threadlint::names
