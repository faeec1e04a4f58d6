#include "engine/Sarif.h"

#include "engine/RuleDocs.h"
#include "engine/RuleTable.h"

#include "threadlint/Version.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/Path.h"

#include <map>
#include <nlohmann/json.hpp>

namespace threadlint {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char *SourceRootId = "%SRCROOT%";
constexpr const char *FingerprintKey = "threadlint/v1";

/// `threadlint-blocking-under-lock` → `BlockingUnderLock`: SARIF wants rule
/// names that read as identifiers.
std::string pascalCaseName(llvm::StringRef check) {
  check.consume_front("threadlint-");
  std::string name;
  bool upper = true;
  for (char character : check) {
    if (character == '-') {
      upper = true;
      continue;
    }
    name += upper ? llvm::toUpper(character) : character;
    upper = false;
  }
  return name;
}

/// Percent-encodes what may not appear in a URI path segment.
std::string encodeUriPath(llvm::StringRef path) {
  std::string encoded;
  for (char character : path) {
    if (llvm::isAlnum(character) || llvm::StringRef("/-._~").contains(character)) {
      encoded += character;
    } else {
      encoded += '%';
      encoded += llvm::utohexstr(static_cast<unsigned char>(character), /*LowerCase=*/false, 2);
    }
  }
  return encoded;
}

/// The `## Summary` paragraph of a rule's page, joined into one line.
std::string docSection(llvm::StringRef page, llvm::StringRef heading) {
  size_t start = page.find("## " + heading.str() + "\n");
  if (start == llvm::StringRef::npos)
    return {};
  llvm::StringRef rest = page.drop_front(start).split('\n').second;
  rest = rest.take_front(rest.find("\n## "));
  std::string text;
  for (llvm::StringRef line : llvm::split(rest.trim(), '\n')) {
    if (!text.empty())
      text += ' ';
    text += line.trim().str();
  }
  return text;
}

class SarifWriter {
public:
  SarifWriter(const ScanReport &report, const SarifOptions &options)
      : report_(report), root_(options.sourceRoot) {
    if (!root_.empty() && !llvm::StringRef(root_).ends_with("/"))
      root_ += '/';
  }

  Json write() {
    Json rules = Json::array();
    for (const std::string &check : allChecks()) {
      ruleIndex_[check] = rules.size();
      rules.push_back(ruleJson(check));
    }
    Json results = Json::array();
    for (const Diagnostic &diagnostic : report_.diagnostics)
      results.push_back(resultJson(diagnostic));
    Json notifications = Json::array();
    for (const FileError &error : report_.errors)
      notifications.push_back(
          {{"level", "error"},
           {"message", {{"text", error.message}}},
           {"locations", Json::array({{{"physicalLocation",
                                         {{"artifactLocation", artifact(error.file)}}}}})}});

    Json run = {
        {"tool",
         {{"driver",
           {{"name", "threadlint"},
            {"version", THREADLINT_VERSION},
            {"semanticVersion", THREADLINT_VERSION},
            {"informationUri", THREADLINT_HOMEPAGE},
            {"rules", std::move(rules)}}}}},
        {"invocations",
         Json::array({{{"executionSuccessful", report_.errors.empty()},
                       {"toolExecutionNotifications", std::move(notifications)}}})}};
    if (!root_.empty())
      run["originalUriBaseIds"] = {
          {SourceRootId, {{"uri", "file://" + encodeUriPath(root_)}}}};
    run["results"] = std::move(results);
    run["columnKind"] = "utf16CodeUnits";
    return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
            {"version", "2.1.0"},
            {"runs", Json::array({std::move(run)})}};
  }

private:
  /// Every enabled check, plus any a finding names (`clang-tidy-nolint`).
  std::vector<std::string> allChecks() const {
    std::vector<std::string> checks = report_.checks;
    for (const Diagnostic &diagnostic : report_.diagnostics)
      if (!llvm::is_contained(checks, diagnostic.check))
        checks.push_back(diagnostic.check);
    llvm::sort(checks);
    return checks;
  }

  Json ruleJson(const std::string &check) const {
    const RuleEntry *entry = findRule(check);
    std::string summary = entry ? std::string(entry->info.summary)
                                : "NOLINT comments that do not parse or do not match";
    std::string level = "warning";
    if (entry && entry->info.severity == Severity::Error)
      level = "error";
    const auto &docs = ruleDocumentation();
    auto page = docs.find(check);
    std::string full = page == docs.end() ? summary : docSection(page->second, "Summary");
    Json rule = {{"id", check},
                 {"name", pascalCaseName(check)},
                 {"shortDescription", {{"text", ensurePeriod(summary)}}},
                 {"fullDescription", {{"text", ensurePeriod(full)}}},
                 {"defaultConfiguration", {{"level", level}}}};
    if (page != docs.end()) {
      rule["help"] = {{"text", ensurePeriod(summary) + " See " + ruleHelpUri(check)},
                      {"markdown", std::string(page->second)}};
      rule["helpUri"] = ruleHelpUri(check);
    }
    rule["properties"] = {
        {"tags", Json::array({"concurrency", entry ? std::string(entry->info.family) : "nolint"})},
        {"precision", "high"},
        {"problem.severity", level}};
    return rule;
  }

  static std::string ensurePeriod(std::string text) {
    if (!text.empty() && text.back() != '.')
      text += '.';
    return text;
  }

  Json artifact(const std::string &file) const {
    llvm::StringRef path(file);
    if (!root_.empty() && path.starts_with(root_))
      return {{"uri", encodeUriPath(path.drop_front(root_.size()))}, {"uriBaseId", SourceRootId}};
    return {{"uri", "file://" + encodeUriPath(path)}};
  }

  /// SARIF columns count UTF-16 code units; clang's count bytes.
  static unsigned utf16Column(const std::string &lineText, unsigned byteColumn) {
    if (lineText.empty() || byteColumn <= 1)
      return byteColumn;
    llvm::StringRef prefix = llvm::StringRef(lineText).take_front(byteColumn - 1);
    if (prefix.size() < byteColumn - 1 || llvm::all_of(prefix, [](char c) { return llvm::isASCII(c); }))
      return byteColumn;
    llvm::SmallVector<llvm::UTF16, 128> units;
    if (!llvm::convertUTF8ToUTF16String(prefix, units))
      return byteColumn;
    return static_cast<unsigned>(units.size()) + 1;
  }

  Json region(const Position &begin, const Position &end, const std::string &lineText) const {
    Json result = {{"startLine", begin.line},
                   {"startColumn", utf16Column(lineText, begin.column)}};
    if (end.line >= begin.line && end.line != 0) {
      unsigned endColumn = end.line == begin.line ? utf16Column(lineText, end.column) : end.column;
      if (end.line > begin.line || endColumn > result["startColumn"].get<unsigned>()) {
        result["endLine"] = end.line;
        result["endColumn"] = endColumn;
      }
    }
    if (!result.contains("endLine")) {
      result["endLine"] = begin.line;
      result["endColumn"] = result["startColumn"].get<unsigned>() + 1;
    }
    if (!lineText.empty() && begin.line == result["endLine"].get<unsigned>())
      result["snippet"] = {{"text", lineText}};
    return result;
  }

  Json resultJson(const Diagnostic &diagnostic) const {
    std::string level = diagnostic.severity == Severity::Error  ? "error"
                        : diagnostic.severity == Severity::Note ? "note"
                                                                : "warning";
    Json result = {
        {"ruleId", diagnostic.check},
        {"ruleIndex", ruleIndex_.at(diagnostic.check)},
        {"level", level},
        {"message", {{"text", ensurePeriod(diagnostic.message)}}},
        {"locations",
         Json::array({{{"physicalLocation",
                        {{"artifactLocation", artifact(diagnostic.position.file)},
                         {"region", region(diagnostic.position, diagnostic.end,
                                           diagnostic.sourceLine)}}}}})},
        {"partialFingerprints", {{FingerprintKey, diagnostic.fingerprint}}}};
    if (!diagnostic.notes.empty()) {
      Json related = Json::array();
      unsigned id = 1;
      for (const DiagnosticNote &note : diagnostic.notes)
        related.push_back(
            {{"id", id++},
             {"physicalLocation",
              {{"artifactLocation", artifact(note.position.file)},
               {"region", region(note.position, {}, "")}}},
             {"message", {{"text", ensurePeriod(note.message)}}}});
      result["relatedLocations"] = std::move(related);
    }
    if (!diagnostic.fixes.empty()) {
      std::map<std::string, Json> changes;
      for (const Replacement &fix : diagnostic.fixes) {
        Json &change = changes[fix.file];
        if (change.is_null())
          change = {{"artifactLocation", artifact(fix.file)}, {"replacements", Json::array()}};
        change["replacements"].push_back(
            {{"deletedRegion", {{"charOffset", fix.offset}, {"charLength", fix.length}}},
             {"insertedContent", {{"text", fix.text}}}});
      }
      Json artifactChanges = Json::array();
      for (auto &[file, change] : changes)
        artifactChanges.push_back(std::move(change));
      result["fixes"] = Json::array(
          {{{"description", {{"text", "Apply the fix-it of " + diagnostic.check + "."}}},
            {"artifactChanges", std::move(artifactChanges)}}});
    }
    return result;
  }

  const ScanReport &report_;
  std::string root_;
  std::map<std::string, std::size_t> ruleIndex_;
};

} // namespace

std::string ruleHelpUri(std::string_view check) {
  return std::string(THREADLINT_HOMEPAGE) + "/blob/main/docs/rules/" + std::string(check) + ".md";
}

nlohmann::ordered_json toSarif(const ScanReport &report, const SarifOptions &options) {
  return SarifWriter(report, options).write();
}

} // namespace threadlint
