// The design inventory of a translation unit: every class in user code that
// owns concurrency primitives, what each member function locks (shared or
// exclusive), waits on, joins, switches on and pushes to, which thread
// entries each class runs, and the process-lifetime tables of names. Built
// from the same vocabulary the rules use, in the same match pass.
//
// The inventory is plain JSON so that it is cached and merged across
// translation units like findings are; DesignReport.h turns the merged
// inventory into verdicts.
#pragma once

#include "clang/ASTMatchers/ASTMatchFinder.h"

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>

namespace threadlint {

/// Registers the collector's matchers on `finder`; at the end of the
/// translation unit it writes the inventory (docs/design-report.md,
/// "Inventory") into `inventory`. `options` are the scan's check options:
/// configured mutex and guard types count here as they do for the rules.
std::unique_ptr<clang::ast_matchers::MatchFinder::MatchCallback>
addDesignCollector(clang::ast_matchers::MatchFinder &finder,
                   const std::map<std::string, std::string> &options,
                   nlohmann::json &inventory);

} // namespace threadlint
