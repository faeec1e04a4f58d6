#include "engine/Report.h"

#include "engine/RuleTable.h"

#include "threadlint/Version.h"

#include "llvm/Support/raw_ostream.h"

#include <map>
#include <nlohmann/json.hpp>

namespace threadlint {
namespace {

nlohmann::ordered_json positionJson(const Position &position) {
  return {{"file", position.file}, {"line", position.line}, {"column", position.column}};
}

nlohmann::ordered_json diagnosticJson(const Diagnostic &diagnostic) {
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
          {"fixes", std::move(fixes)}};
}

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
    diagnostics.push_back(diagnosticJson(diagnostic));
    ++byCheck[diagnostic.check];
  }
  nlohmann::ordered_json errors = nlohmann::ordered_json::array();
  for (const FileError &error : report.errors)
    errors.push_back({{"file", error.file}, {"message", error.message}});
  return {{"tool", {{"name", "threadlint"}, {"version", THREADLINT_VERSION}}},
          {"diagnostics", std::move(diagnostics)},
          {"errors", std::move(errors)},
          {"summary",
           {{"files", report.filesScanned},
            {"findings", report.diagnostics.size()},
            {"byCheck", byCheck}}}};
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
