// The SARIF 2.1.0 rendering of a scan, for code-scanning services (GitHub,
// GitLab, Azure DevOps) and SARIF viewers.
#pragma once

#include "engine/Report.h"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace threadlint {

struct SarifOptions {
  /// Absolute directory that `%SRCROOT%` stands for; artifact URIs below it
  /// are relative to it, others are absolute `file://` URIs.
  std::string sourceRoot;
};

nlohmann::ordered_json toSarif(const ScanReport &report, const SarifOptions &options);

/// The documentation page of a check, on the project's home page.
std::string ruleHelpUri(std::string_view check);

} // namespace threadlint
