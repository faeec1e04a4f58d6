#pragma once

#include "rules/names/NeverPrunedInsertionRule.h"

namespace threadlint::names {

/// Flags a lock table: insertions with run-time keys into a map whose values
/// are mutexes, when nothing ever removes from it.
class PerKeyMutexRule : public NeverPrunedInsertionRule {
public:
  static RuleInfo describe();
  using NeverPrunedInsertionRule::NeverPrunedInsertionRule;

protected:
  bool qualifies(const Insertion &insertion, clang::ASTContext &context) const override;
  void reportInsertion(const Insertion &insertion) override;
};

} // namespace threadlint::names
