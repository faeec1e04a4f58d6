// Markdown, SVG and HTML renderings of the design report.
#include "engine/DesignReport.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <map>
#include <optional>
#include <set>
#include <sstream>

namespace threadlint {
namespace {

using OrderedJson = nlohmann::ordered_json;

std::string relativeTo(const std::string &root, const std::string &path) {
  llvm::StringRef text(path);
  std::string prefix = root.empty() || root.back() == '/' ? root : root + "/";
  return !prefix.empty() && text.starts_with(prefix) ? text.drop_front(prefix.size()).str() : path;
}

std::string titleOf(const OrderedJson &design, const std::string &verdict) {
  for (const OrderedJson &kind : design["verdicts"])
    if (kind["id"] == verdict)
      return kind["title"];
  return verdict;
}

std::string escapeHtml(llvm::StringRef text) {
  std::string escaped;
  for (char character : text)
    switch (character) {
    case '&': escaped += "&amp;"; break;
    case '<': escaped += "&lt;"; break;
    case '>': escaped += "&gt;"; break;
    case '"': escaped += "&quot;"; break;
    case '\'': escaped += "&#39;"; break;
    default: escaped += character;
    }
  return escaped;
}

std::string escapeMarkdown(llvm::StringRef text) {
  std::string escaped;
  for (char character : text) {
    if (llvm::StringRef("\\`*_[]<>|").contains(character))
      escaped += '\\';
    escaped += character;
  }
  return escaped;
}

std::string escapeDot(llvm::StringRef text) {
  std::string escaped;
  for (char character : text) {
    if (character == '"' || character == '\\')
      escaped += '\\';
    escaped += character;
  }
  return escaped;
}

std::string str(const OrderedJson &value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

// Colours: a class that needs work is drawn warm, a healthy one cool.
constexpr const char *HealthyFill = "#dff3e4";
constexpr const char *NeedsWorkFill = "#fde2d8";

/// Nodes the edges point at that are not classes: mutexes, condition
/// variables, thread entries.
struct MapModel {
  std::vector<std::pair<std::string, std::vector<const OrderedJson *>>> groups; ///< by verdict
  std::set<std::string> classNames;
  std::vector<std::string> targets; ///< in first-seen order
  std::map<std::string, std::string> targetKind;
};

MapModel modelOf(const OrderedJson &design) {
  MapModel model;
  for (const OrderedJson &kind : design["verdicts"]) {
    std::vector<const OrderedJson *> members;
    for (const OrderedJson &found : design["classes"])
      if (found["verdict"] == kind["id"])
        members.push_back(&found);
    if (!members.empty())
      model.groups.emplace_back(kind["id"].get<std::string>(), members);
  }
  for (const OrderedJson &found : design["classes"])
    model.classNames.insert(found["name"].get<std::string>());
  for (const OrderedJson &edge : design["edges"]) {
    std::string target = edge["to"];
    if (model.classNames.count(target) || model.targetKind.count(target))
      continue;
    model.targets.push_back(target);
    model.targetKind[target] = edge["kind"];
  }
  return model;
}

std::string edgeLabel(const OrderedJson &edge) {
  std::string kind = edge["kind"];
  if (kind == "locks")
    return "locks (" + edge["mode"].get<std::string>() + ")";
  if (kind == "waits-on")
    return "waits on";
  return "runs thread entry";
}

std::string shortName(const std::string &node) {
  std::size_t colon = node.rfind("::");
  return colon == std::string::npos ? node : node.substr(colon + 2);
}

std::optional<std::string> drawWithGraphviz(const OrderedJson &design, const MapModel &model) {
  llvm::ErrorOr<std::string> dot = llvm::sys::findProgramByName("dot");
  if (!dot)
    return std::nullopt;
  std::ostringstream graph;
  graph << "digraph design {\n  rankdir=LR; bgcolor=\"transparent\"; "
           "node [fontname=\"Helvetica\", fontsize=11]; edge [fontname=\"Helvetica\", "
           "fontsize=9, color=\"#555555\"];\n";
  unsigned cluster = 0;
  for (const auto &[verdict, members] : model.groups) {
    graph << "  subgraph cluster_" << cluster++ << " {\n    label=\""
          << escapeDot(titleOf(design, verdict))
          << "\"; style=\"rounded\"; color=\"#888888\"; fontname=\"Helvetica\";\n";
    for (const OrderedJson *found : members)
      graph << "    \"" << escapeDot(str((*found)["name"])) << "\" [shape=box, style=\"rounded,filled\", "
            << "fillcolor=\"" << ((*found)["healthy"].get<bool>() ? HealthyFill : NeedsWorkFill)
            << "\"];\n";
    graph << "  }\n";
  }
  for (const std::string &target : model.targets)
    graph << "  \"" << escapeDot(target) << "\" [label=\"" << escapeDot(shortName(target))
          << "\", shape=" << (model.targetKind.at(target) == "runs-thread-entry" ? "cds" : "ellipse")
          << ", style=filled, fillcolor=\"#eeeeee\"];\n";
  for (const OrderedJson &edge : design["edges"])
    graph << "  \"" << escapeDot(str(edge["from"])) << "\" -> \"" << escapeDot(str(edge["to"]))
          << "\" [label=\"" << escapeDot(edgeLabel(edge)) << "\""
          << (edge["kind"] == "runs-thread-entry" ? ", style=bold" : "")
          << (edge["kind"] == "waits-on" ? ", style=dashed" : "") << "];\n";
  graph << "}\n";

  llvm::SmallString<128> input, output;
  if (llvm::sys::fs::createTemporaryFile("threadlint-design", "dot", input) ||
      llvm::sys::fs::createTemporaryFile("threadlint-design", "svg", output))
    return std::nullopt;
  {
    std::error_code error;
    llvm::raw_fd_ostream out(input, error);
    out << graph.str();
  }
  std::optional<llvm::StringRef> redirects[] = {llvm::StringRef(input), llvm::StringRef(output),
                                                llvm::StringRef("")};
  int status = llvm::sys::ExecuteAndWait(*dot, {*dot, "-Tsvg"}, std::nullopt, redirects, 60);
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> svg = llvm::MemoryBuffer::getFile(output);
  (void)llvm::sys::fs::remove(input);
  (void)llvm::sys::fs::remove(output);
  if (status != 0 || !svg)
    return std::nullopt;
  llvm::StringRef text = (*svg)->getBuffer();
  std::size_t start = text.find("<svg");
  if (start == llvm::StringRef::npos)
    return std::nullopt;
  return text.drop_front(start).str();
}

/// Two columns: classes grouped by verdict on the left, what they lock, wait
/// on and run on the right; an edge is a curve between them.
std::string drawOwnLayout(const OrderedJson &design, const MapModel &model) {
  constexpr int BoxWidth = 220, BoxHeight = 30, RowGap = 14, GroupGap = 34, TargetX = 520,
                TargetWidth = 200;
  std::map<std::string, int> centerY;
  std::ostringstream body;
  int y = 20;
  for (const auto &[verdict, members] : model.groups) {
    body << "<text x=\"10\" y=\"" << y + 12 << "\" class=\"group\">"
         << escapeHtml(titleOf(design, verdict)) << "</text>\n";
    y += 22;
    for (const OrderedJson *found : members) {
      std::string name = (*found)["name"];
      body << "<rect x=\"20\" y=\"" << y << "\" width=\"" << BoxWidth << "\" height=\"" << BoxHeight
           << "\" rx=\"6\" fill=\"" << ((*found)["healthy"].get<bool>() ? HealthyFill : NeedsWorkFill)
           << "\" stroke=\"#666\"/><text x=\"30\" y=\"" << y + 19 << "\">" << escapeHtml(name)
           << "</text>\n";
      centerY[name] = y + BoxHeight / 2;
      y += BoxHeight + RowGap;
    }
    y += GroupGap - RowGap;
  }
  int targetY = 42;
  for (const std::string &target : model.targets) {
    body << "<rect x=\"" << TargetX << "\" y=\"" << targetY << "\" width=\"" << TargetWidth
         << "\" height=\"" << BoxHeight - 6 << "\" rx=\"12\" fill=\"#eeeeee\" stroke=\"#999\"/>"
         << "<text x=\"" << TargetX + 10 << "\" y=\"" << targetY + 16 << "\">"
         << escapeHtml(target) << "</text>\n";
    centerY[target] = targetY + (BoxHeight - 6) / 2;
    targetY += BoxHeight + 4;
  }
  std::ostringstream edges;
  for (const OrderedJson &edge : design["edges"]) {
    std::string from = edge["from"], to = edge["to"];
    if (!centerY.count(from) || !centerY.count(to))
      continue;
    bool toClass = model.classNames.count(to) != 0;
    int x1 = 20 + BoxWidth, y1 = centerY[from];
    int x2 = toClass ? 20 + BoxWidth : TargetX, y2 = centerY[to];
    int bend = toClass ? 20 + BoxWidth + 80 : (x1 + x2) / 2;
    edges << "<path d=\"M" << x1 << "," << y1 << " C" << bend << "," << y1 << " " << bend << ","
          << y2 << " " << x2 << "," << y2 << "\" class=\"edge " << str(edge["kind"])
          << "\"><title>" << escapeHtml(from) << " " << escapeHtml(edgeLabel(edge)) << " "
          << escapeHtml(to)
          << "</title></path>\n";
  }
  int height = std::max(y, targetY) + 20;
  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << TargetX + TargetWidth + 40
      << "\" height=\"" << height << "\" viewBox=\"0 0 " << TargetX + TargetWidth + 40 << " "
      << height << "\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
      << "<style>.group{font-weight:bold;font-size:13px}.edge{fill:none;stroke:#777;"
         "stroke-width:1.3}.edge.runs-thread-entry{stroke:#333;stroke-width:2.2}"
         ".edge.waits-on{stroke-dasharray:5 3}</style>\n"
      << edges.str() << body.str() << "</svg>";
  return svg.str();
}

} // namespace

DesignMap drawDesignMap(const nlohmann::ordered_json &design) {
  MapModel model = modelOf(design);
  if (std::optional<std::string> svg = drawWithGraphviz(design, model))
    return {*svg, "graphviz"};
  return {drawOwnLayout(design, model), "threadlint"};
}

std::string renderDesignMarkdown(const nlohmann::ordered_json &design) {
  std::string root = design.value("sourceRoot", "");
  std::ostringstream out;
  const OrderedJson &summary = design["summary"];
  out << "# Concurrency design report\n\n"
      << summary["classes"] << " concurrent class" << (summary["classes"] == 1 ? "" : "es")
      << ": " << summary["healthy"] << " on the right branch and healthy, " << summary["needsWork"]
      << " that need work. " << summary["registries"]
      << " process-lifetime table(s) outside classes.\n\n"
      << "| verdict | classes | what it should look like |\n|---|---:|---|\n";
  for (const OrderedJson &kind : design["verdicts"])
    out << "| " << str(kind["title"]) << " | " << summary["byVerdict"][str(kind["id"])] << " | "
        << escapeMarkdown(str(kind["healthy"])) << " |\n";
  out << "\nThe tree is walked top to bottom; the first question a class answers *yes* "
         "decides its verdict ([docs/design-report.md](docs/design-report.md)).\n";
  for (const OrderedJson &kind : design["verdicts"]) {
    bool header = false;
    for (const OrderedJson &found : design["classes"]) {
      if (found["verdict"] != kind["id"])
        continue;
      if (!header) {
        out << "\n## " << str(kind["title"]) << "\n\n*" << escapeMarkdown(str(kind["question"]))
            << "*\n";
        header = true;
      }
      out << "\n### `" << str(found["name"]) << "` " << (found["healthy"].get<bool>() ? "✅" : "⚠️")
          << "\n\n`" << relativeTo(root, found["file"]) << ":" << found["line"] << "` · built as **"
          << titleOf(design, found["branch"]) << "**, belongs with **"
          << titleOf(design, found["verdict"]) << "**\n\n";
      for (const OrderedJson &reason : found["reasons"])
        out << "- " << escapeMarkdown(str(reason)) << "\n";
      for (const OrderedJson &advice : found["advice"])
        out << "- **To do:** " << escapeMarkdown(str(advice)) << "\n";
      for (const OrderedJson &finding : found["findings"])
        out << "- `" << str(finding["check"]) << "` at `" << relativeTo(root, finding["file"])
            << ":" << finding["line"] << "`: " << escapeMarkdown(str(finding["message"])) << "\n";
    }
  }
  if (!design["registries"].empty()) {
    out << "\n## Tables outside classes\n\n";
    for (const OrderedJson &table : design["registries"])
      out << "- `" << str(table["name"]) << "` (" << str(table["scope"]) << ", `"
          << escapeMarkdown(str(table["type"])) << "`) at `" << relativeTo(root, table["file"])
          << ":" << table["line"] << "`\n";
  }
  return out.str();
}

std::string renderDesignHtml(const nlohmann::ordered_json &design, const ScanReport &report) {
  std::string root = design.value("sourceRoot", "");
  DesignMap map = drawDesignMap(design);
  const OrderedJson &summary = design["summary"];
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>threadlint design report</title><style>\n"
         "body{font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;"
         "margin:0;color:#1d1d1f;background:#fafafa}"
         "header{background:#23324a;color:#fff;padding:18px 32px}header h1{margin:0;font-size:22px}"
         "header p{margin:6px 0 0;opacity:.85}main{padding:16px 32px;max-width:1200px}"
         "section{margin:28px 0}h2{border-bottom:2px solid #ddd;padding-bottom:4px}"
         ".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:14px}"
         ".card{background:#fff;border:1px solid #ddd;border-left:6px solid #4caf50;"
         "border-radius:6px;padding:10px 14px}.card.needs-work{border-left-color:#e8590c}"
         ".card h3{margin:0 0 4px;font-size:16px;font-family:ui-monospace,Menlo,monospace}"
         ".where{color:#666;font-size:12px}.branch{font-size:13px;margin:6px 0}"
         ".card ul{padding-left:18px;margin:6px 0}.todo{color:#b3400a}"
         ".map{background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px;overflow:auto}"
         "table{border-collapse:collapse;background:#fff}td,th{border:1px solid #ddd;"
         "padding:4px 8px;text-align:left;font-size:13px}"
         "pre{background:#272822;color:#f8f8f2;padding:8px 10px;border-radius:4px;overflow:auto;"
         "font-size:12px;margin:4px 0 12px}.finding{margin:6px 0}"
         "code{font-family:ui-monospace,Menlo,monospace}"
         "#filter{padding:4px 8px;width:320px;margin-bottom:8px}\n"
         "</style></head><body>\n<header><h1>threadlint — concurrency design report</h1><p>"
      << summary["classes"] << " concurrent classes · " << summary["healthy"] << " healthy · "
      << summary["needsWork"] << " need work · " << report.diagnostics.size() << " findings in "
      << report.filesScanned << " files</p></header>\n<main>\n";

  out << "<section id=\"tree\"><h2>The decision tree</h2><table><tr><th>verdict</th>"
         "<th>question</th><th>classes</th><th>done well</th></tr>\n";
  for (const OrderedJson &kind : design["verdicts"])
    out << "<tr><td>" << escapeHtml(str(kind["title"])) << "</td><td>"
        << escapeHtml(str(kind["question"])) << "</td><td>"
        << summary["byVerdict"][str(kind["id"])] << "</td><td>" << escapeHtml(str(kind["healthy"]))
        << "</td></tr>\n";
  out << "</table></section>\n";

  out << "<section id=\"map\"><h2>Design map</h2><p class=\"where\">Classes grouped by verdict "
         "(green: healthy, orange: needs work); edges: locks, waits on, runs thread entry. Drawn "
         "by "
      << (map.layout == "graphviz" ? "Graphviz" : "threadlint's own layout (Graphviz not found)")
      << ".</p><div class=\"map\" data-layout=\"" << map.layout << "\">" << map.svg
      << "</div></section>\n";

  for (const OrderedJson &kind : design["verdicts"]) {
    std::ostringstream cards;
    for (const OrderedJson &found : design["classes"]) {
      if (found["verdict"] != kind["id"])
        continue;
      bool healthy = found["healthy"].get<bool>();
      cards << "<div class=\"card" << (healthy ? "" : " needs-work") << "\" data-class=\""
            << escapeHtml(str(found["name"])) << "\" data-verdict=\"" << str(found["verdict"])
            << "\"><h3>" << escapeHtml(str(found["name"])) << "</h3><div class=\"where\">"
            << escapeHtml(relativeTo(root, found["file"])) << ":" << found["line"]
            << "</div><div class=\"branch\">built as <b>" << escapeHtml(titleOf(design, found["branch"]))
            << "</b>, belongs with <b>" << escapeHtml(titleOf(design, found["verdict"]))
            << "</b></div><ul>";
      for (const OrderedJson &reason : found["reasons"])
        cards << "<li>" << escapeHtml(str(reason)) << "</li>";
      for (const OrderedJson &advice : found["advice"])
        cards << "<li class=\"todo\">" << escapeHtml(str(advice)) << "</li>";
      for (const OrderedJson &finding : found["findings"])
        cards << "<li><code>" << escapeHtml(str(finding["check"])) << "</code> line "
              << finding["line"] << ": " << escapeHtml(str(finding["message"])) << "</li>";
      cards << "</ul></div>\n";
    }
    if (!cards.str().empty())
      out << "<section class=\"verdict\" id=\"verdict-" << str(kind["id"]) << "\"><h2>"
          << escapeHtml(str(kind["title"])) << "</h2><p><i>" << escapeHtml(str(kind["question"]))
          << "</i></p><div class=\"cards\">" << cards.str() << "</div></section>\n";
  }

  std::map<std::string, unsigned> byRule;
  for (const Diagnostic &diagnostic : report.diagnostics)
    ++byRule[diagnostic.check];
  out << "<section id=\"findings-by-rule\"><h2>Findings by rule</h2><table><tr><th>rule</th>"
         "<th>findings</th></tr>\n";
  for (const auto &[check, count] : byRule)
    out << "<tr><td><code>" << escapeHtml(check) << "</code></td><td>" << count << "</td></tr>\n";
  out << "</table></section>\n<section id=\"findings-by-file\"><h2>Findings by file</h2>"
         "<input id=\"filter\" type=\"search\" placeholder=\"Filter by rule or text\">\n";
  std::string currentFile;
  for (const Diagnostic &diagnostic : report.diagnostics) {
    if (diagnostic.position.file != currentFile) {
      currentFile = diagnostic.position.file;
      out << "<h3><code>" << escapeHtml(relativeTo(root, currentFile)) << "</code></h3>\n";
    }
    out << "<div class=\"finding\" data-check=\"" << escapeHtml(diagnostic.check) << "\"><b>"
        << diagnostic.position.line << ":" << diagnostic.position.column << "</b> <code>"
        << escapeHtml(diagnostic.check) << "</code> " << escapeHtml(diagnostic.message)
        << "<pre>" << diagnostic.position.line << " | " << escapeHtml(diagnostic.sourceLine)
        << "</pre></div>\n";
  }
  out << "</section>\n</main>\n<script>\n"
         "(function () {\n"
         "  var filter = document.getElementById('filter');\n"
         "  filter.addEventListener('input', function () {\n"
         "    var text = filter.value.toLowerCase();\n"
         "    document.querySelectorAll('.finding').forEach(function (finding) {\n"
         "      finding.style.display = finding.textContent.toLowerCase().indexOf(text) < 0 ? "
         "'none' : '';\n"
         "    });\n"
         "  });\n"
         "  document.documentElement.setAttribute('data-ready', 'true');\n"
         "})();\n"
         "</script>\n</body></html>\n";
  return out.str();
}

} // namespace threadlint
