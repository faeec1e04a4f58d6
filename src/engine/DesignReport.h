// The design report: the guide's decision tree walked for every concurrent
// class of a scan. Merges the per-translation-unit inventories (Design.h),
// gives each class a verdict — the branch it is on, the branch it should be
// on, the reasons and the findings attached — and renders the result as
// JSON, Markdown and one self-contained HTML page (docs/design-report.md).
#pragma once

#include "engine/Report.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace threadlint {

/// The design report as JSON (docs/design-report.md, "JSON").
nlohmann::ordered_json buildDesignReport(const std::vector<nlohmann::json> &inventories,
                                         const ScanReport &report);

std::string renderDesignMarkdown(const nlohmann::ordered_json &design);

/// How the design map was drawn: by Graphviz's `dot` when it is installed,
/// else by threadlint's own layered layout.
struct DesignMap {
  std::string svg;
  std::string layout; ///< "graphviz" or "threadlint"
};
DesignMap drawDesignMap(const nlohmann::ordered_json &design);

/// One page, no network fetches: the findings by rule and by file with code
/// excerpts, and the design map.
std::string renderDesignHtml(const nlohmann::ordered_json &design, const ScanReport &report);

} // namespace threadlint
