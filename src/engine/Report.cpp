#include "engine/Report.h"

#include "engine/RuleTable.h"

#include "threadlint/Version.h"

#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>

namespace threadlint {
namespace {

nlohmann::ordered_json positionJson(const Position &position) {
  return {{"file", position.file}, {"line", position.line}, {"column", position.column}};
}

} // namespace

nlohmann::ordered_json diagnosticToJson(const Diagnostic &diagnostic) {
  nlohmann::ordered_json notes = nlohmann::ordered_json::array();
  for (const DiagnosticNote &note : diagnostic.notes) {
    nlohmann::ordered_json entry = positionJson(note.position);
    entry["message"] = note.message;
    notes.push_back(std::move(entry));
  }
  nlohmann::ordered_json fixes = nlohmann::ordered_json::array();
  for (const Replacement &fix : diagnostic.fixes)
    fixes.push_back({{"file", fix.file},
                     {"offset", fix.offset},
                     {"length", fix.length},
                     {"replacement", fix.text},
                     {"line", fix.begin.line},
                     {"column", fix.begin.column},
                     {"endLine", fix.end.line},
                     {"endColumn", fix.end.column}});
  return {{"check", diagnostic.check},
          {"family", diagnostic.family},
          {"severity", severityName(diagnostic.severity)},
          {"message", diagnostic.message},
          {"file", diagnostic.position.file},
          {"line", diagnostic.position.line},
          {"column", diagnostic.position.column},
          {"endLine", diagnostic.end.line},
          {"endColumn", diagnostic.end.column},
          {"notes", std::move(notes)},
          {"fixes", std::move(fixes)},
          {"fingerprint", diagnostic.fingerprint},
          {"sourceLine", diagnostic.sourceLine}};
}

namespace {

void printLocated(llvm::raw_ostream &out, const Position &position, llvm::StringRef severity,
                  llvm::raw_ostream::Colors severityColor, llvm::StringRef message,
                  llvm::StringRef check, bool colors) {
  if (colors)
    out.changeColor(llvm::raw_ostream::SAVEDCOLOR, /*Bold=*/true);
  if (!position.file.empty())
    out << position.file << ":" << position.line << ":" << position.column << ": ";
  if (colors)
    out.changeColor(severityColor, /*Bold=*/true);
  out << severity << ": ";
  if (colors)
    out.changeColor(llvm::raw_ostream::SAVEDCOLOR, /*Bold=*/true);
  out << message;
  if (!check.empty())
    out << " [" << check << "]";
  if (colors)
    out.resetColor();
  out << "\n";
}

void printCaret(llvm::raw_ostream &out, const Diagnostic &diagnostic, bool colors) {
  if (diagnostic.sourceLine.empty())
    return;
  out << diagnostic.sourceLine << "\n";
  std::string caret;
  for (unsigned column = 1; column < diagnostic.position.column &&
                            column <= diagnostic.sourceLine.size();
       ++column)
    caret += diagnostic.sourceLine[column - 1] == '\t' ? '\t' : ' ';
  caret += '^';
  if (diagnostic.end.line == diagnostic.position.line &&
      diagnostic.end.column > diagnostic.position.column + 1)
    caret.append(diagnostic.end.column - diagnostic.position.column - 1, '~');
  if (colors)
    out.changeColor(llvm::raw_ostream::GREEN, /*Bold=*/true);
  out << caret;
  if (colors)
    out.resetColor();
  out << "\n";
}

} // namespace

nlohmann::ordered_json toJson(const ScanReport &report) {
  nlohmann::ordered_json diagnostics = nlohmann::ordered_json::array();
  std::map<std::string, unsigned> byCheck;
  for (const Diagnostic &diagnostic : report.diagnostics) {
    diagnostics.push_back(diagnosticToJson(diagnostic));
    ++byCheck[diagnostic.check];
  }
  nlohmann::ordered_json errors = nlohmann::ordered_json::array();
  for (const FileError &error : report.errors)
    errors.push_back({{"file", error.file}, {"message", error.message}});
  nlohmann::ordered_json json = {
      {"tool", {{"name", "threadlint"}, {"version", THREADLINT_VERSION}}},
      {"sourceRoot", report.sourceRoot},
      {"checks", report.checks},
      {"diagnostics", std::move(diagnostics)},
      {"errors", std::move(errors)}};
  if (!report.notices.empty()) {
    nlohmann::ordered_json notices = nlohmann::ordered_json::array();
    for (const FileError &notice : report.notices)
      notices.push_back({{"file", notice.file}, {"message", notice.message}});
    json["notices"] = std::move(notices);
  }
  json["summary"] = {{"files", report.filesScanned},
                     {"findings", report.diagnostics.size()},
                     {"byCheck", byCheck},
                     {"baselined", report.baselined},
                     {"staleBaseline", report.staleBaseline},
                     {"outsideChangedLines", report.outsideChangedLines}};
  return json;
}

namespace {

llvm::Error malformed(const llvm::Twine &what) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "not a threadlint JSON report: " + what);
}

/// A line, column, offset or count: a non-negative integer that fits. A
/// float such as 7.8e125 must not be converted (undefined behaviour; found
/// by fuzzing), so anything else is a type error.
unsigned unsignedOf(const nlohmann::json &value) {
  if (!value.is_number_unsigned() ||
      value.get<std::uint64_t>() > std::numeric_limits<unsigned>::max())
    throw nlohmann::json::type_error::create(302, "expected an unsigned integer", &value);
  return static_cast<unsigned>(value.get<std::uint64_t>());
}

unsigned unsignedAt(const nlohmann::json &object, const char *key) {
  return unsignedOf(object.at(key));
}

unsigned unsignedOr(const nlohmann::json &object, const char *key, unsigned fallback) {
  return object.contains(key) ? unsignedOf(object.at(key)) : fallback;
}

Position readPosition(const nlohmann::json &object) {
  return {object.at("file").get<std::string>(), unsignedAt(object, "line"),
          unsignedAt(object, "column")};
}

} // namespace

Diagnostic diagnosticFromJson(const nlohmann::json &object) {
  Diagnostic diagnostic;
  diagnostic.check = object.at("check").get<std::string>();
  diagnostic.family = object.value("family", "");
  std::string severity = object.value("severity", "warning");
  diagnostic.severity = severity == "error"  ? Severity::Error
                        : severity == "note" ? Severity::Note
                                             : Severity::Warning;
  diagnostic.message = object.at("message").get<std::string>();
  diagnostic.position = readPosition(object);
  diagnostic.end = {diagnostic.position.file, unsignedOr(object, "endLine", diagnostic.position.line),
                    unsignedOr(object, "endColumn", diagnostic.position.column)};
  for (const nlohmann::json &note : object.value("notes", nlohmann::json::array()))
    diagnostic.notes.push_back({readPosition(note), note.at("message").get<std::string>()});
  for (const nlohmann::json &fix : object.value("fixes", nlohmann::json::array())) {
    Replacement replacement;
    replacement.file = fix.at("file").get<std::string>();
    replacement.offset = unsignedAt(fix, "offset");
    replacement.length = unsignedAt(fix, "length");
    replacement.text = fix.at("replacement").get<std::string>();
    replacement.begin = {replacement.file, unsignedOr(fix, "line", 0), unsignedOr(fix, "column", 0)};
    replacement.end = {replacement.file, unsignedOr(fix, "endLine", 0),
                       unsignedOr(fix, "endColumn", 0)};
    diagnostic.fixes.push_back(std::move(replacement));
  }
  diagnostic.fingerprint = object.value("fingerprint", "");
  diagnostic.sourceLine = object.value("sourceLine", "");
  return diagnostic;
}

llvm::Expected<ScanReport> readJsonReport(llvm::StringRef text, std::size_t maxBytes) {
  if (text.size() > maxBytes)
    return malformed("larger than " + llvm::Twine(maxBytes >> 20) + " MiB");
  nlohmann::json document = nlohmann::json::parse(text.begin(), text.end(), nullptr,
                                                   /*allow_exceptions=*/false);
  if (document.is_discarded())
    return malformed("invalid JSON");
  try {
    if (!document.is_object() || document.at("tool").at("name") != "threadlint")
      return malformed("no \"tool\": {\"name\": \"threadlint\"}");
    ScanReport report;
    for (const nlohmann::json &diagnostic : document.at("diagnostics"))
      report.diagnostics.push_back(diagnosticFromJson(diagnostic));
    for (const nlohmann::json &error : document.value("errors", nlohmann::json::array()))
      report.errors.push_back(
          {error.at("file").get<std::string>(), error.at("message").get<std::string>()});
    for (const nlohmann::json &notice : document.value("notices", nlohmann::json::array()))
      report.notices.push_back(
          {notice.at("file").get<std::string>(), notice.at("message").get<std::string>()});
    report.checks = document.value("checks", std::vector<std::string>());
    report.sourceRoot = document.value("sourceRoot", "");
    if (document.contains("summary"))
      report.filesScanned = unsignedOr(document["summary"], "files", 0);
    return report;
  } catch (const nlohmann::json::exception &error) {
    return malformed(error.what());
  }
}

std::string summaryLine(const ScanReport &report) {
  auto plural = [](std::size_t count, llvm::StringRef noun) {
    return std::to_string(count) + " " + noun.str() + (count == 1 ? "" : "s");
  };
  std::string line = "threadlint: " + plural(report.diagnostics.size(), "finding") + " in " +
                     plural(report.filesScanned, "file");
  std::vector<std::string> extras;
  if (!report.errors.empty())
    extras.push_back(std::to_string(report.errors.size()) + " failed to parse");
  if (!report.notices.empty())
    extras.push_back(std::to_string(report.notices.size()) + " with notices");
  if (report.baselined)
    extras.push_back(std::to_string(report.baselined) + " in the baseline");
  if (report.staleBaseline)
    extras.push_back(std::to_string(report.staleBaseline) +
                     (report.staleBaseline == 1 ? " baseline entry" : " baseline entries") +
                     " no longer found");
  if (report.outsideChangedLines)
    extras.push_back(std::to_string(report.outsideChangedLines) + " outside changed lines");
  if (report.cacheUsed)
    extras.push_back("cache: " + std::to_string(report.cacheHits) + " hit" +
                     (report.cacheHits == 1 ? "" : "s") + ", " +
                     std::to_string(report.cacheMisses) + " miss" +
                     (report.cacheMisses == 1 ? "" : "es"));
  for (std::size_t index = 0; index < extras.size(); ++index)
    line += (index == 0 ? "; " : ", ") + extras[index];
  return line;
}

void printText(llvm::raw_ostream &out, const ScanReport &report, bool colors) {
  for (const Diagnostic &diagnostic : report.diagnostics) {
    bool isError = diagnostic.severity == Severity::Error;
    printLocated(out, diagnostic.position, severityName(diagnostic.severity),
                 isError ? llvm::raw_ostream::RED : llvm::raw_ostream::MAGENTA,
                 diagnostic.message, diagnostic.check, colors);
    printCaret(out, diagnostic, colors);
    for (const DiagnosticNote &note : diagnostic.notes)
      printLocated(out, note.position, "note", llvm::raw_ostream::BLACK, note.message, "",
                   colors);
    for (const Replacement &fix : diagnostic.fixes)
      printLocated(out, fix.begin, "note",
                   llvm::raw_ostream::BLACK,
                   fix.length == 0 ? "fix-it: insert '" + fix.text + "'"
                                   : "fix-it: replace with '" + fix.text + "'",
                   "", colors);
  }
}

} // namespace threadlint
