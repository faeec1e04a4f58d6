#include "lsp/Server.h"

#include "lsp/CompileCommands.h"
#include "lsp/TextDocument.h"
#include "lsp/Transport.h"

#include "engine/Config.h"
#include "engine/DocumentAnalyzer.h"
#include "engine/Paths.h"
#include "engine/Sarif.h"

#include "threadlint/Version.h"

#include "llvm/ADT/StringExtras.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <stop_token>
#include <thread>

namespace threadlint::lsp {
namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

enum MessageType { ErrorMessage = 1, WarningMessage = 2, InfoMessage = 3, LogMessage = 4 };

std::string pathFromUri(llvm::StringRef uri) {
  if (!uri.consume_front("file://"))
    return {};
  std::string path;
  for (std::size_t index = 0; index < uri.size(); ++index) {
    if (uri[index] == '%' && index + 2 < uri.size() && llvm::isHexDigit(uri[index + 1]) &&
        llvm::isHexDigit(uri[index + 2])) {
      path += static_cast<char>(llvm::hexFromNibbles(uri[index + 1], uri[index + 2]));
      index += 2;
    } else {
      path += uri[index];
    }
  }
  return absolutePath(path);
}

std::string uriFromPath(llvm::StringRef path) {
  std::string uri = "file://";
  for (char character : path) {
    if (llvm::isAlnum(character) || llvm::StringRef("/-._~").contains(character)) {
      uri += character;
    } else {
      uri += '%';
      uri += llvm::utohexstr(static_cast<unsigned char>(character), /*LowerCase=*/false, 2);
    }
  }
  return uri;
}

struct BadParams {
  std::string message;
};

const Json &member(const Json &object, const char *name) {
  if (!object.is_object() || !object.contains(name))
    throw BadParams{std::string("missing '") + name + "'"};
  return object[name];
}

std::string stringMember(const Json &object, const char *name) {
  const Json &value = member(object, name);
  if (!value.is_string())
    throw BadParams{std::string("'") + name + "' must be a string"};
  return value.get<std::string>();
}

/// What the worker needs of an open document.
struct Document {
  std::string uri;
  std::string path;
  TextDocument text;
  std::uint64_t generation = 0;
  std::shared_ptr<std::atomic<bool>> cancelled = std::make_shared<std::atomic<bool>>(false);
  bool pending = false;
  Clock::time_point due;
};

/// The last diagnostics published for a document, kept for code actions.
struct Published {
  TextDocument text;
  std::vector<Diagnostic> diagnostics;
};

class Server {
public:
  Server(MessageWriter &writer, const ServerOptions &options)
      : writer_(writer), options_(options) {}

  ~Server() { stopWorker(); }

  /// A return value ends the session with that exit code.
  std::optional<int> handle(const Incoming &incoming) {
    if (std::holds_alternative<EndOfInput>(incoming))
      return 1;
    if (const auto *malformed = std::get_if<Malformed>(&incoming)) {
      sendError(nullptr, ParseError, "Parse error: " + malformed->reason);
      return std::nullopt;
    }
    const Json &message = std::get<Json>(incoming);
    if (!message.is_object() || !message.contains("method") || !message["method"].is_string()) {
      if (message.is_object() && (message.contains("result") || message.contains("error")))
        return std::nullopt; // a response: we send no requests, so nothing waits for it
      Json id = message.is_object() && message.contains("id") ? message["id"] : Json(nullptr);
      sendError(id, InvalidRequest, "Invalid Request: a message needs a string 'method'");
      return std::nullopt;
    }
    std::string method = message["method"].get<std::string>();
    Json params = message.value("params", Json::object());
    if (message.contains("id")) {
      const Json &id = message["id"];
      if (!id.is_string() && !id.is_number_integer()) {
        sendError(nullptr, InvalidRequest, "Invalid Request: 'id' must be a string or integer");
        return std::nullopt;
      }
      onRequest(id, method, params);
      return std::nullopt;
    }
    return onNotification(method, params);
  }

private:
  // --- requests and notifications -----------------------------------------

  void onRequest(const Json &id, const std::string &method, const Json &params) {
    if (shutdown_) {
      sendError(id, InvalidRequest, "the server is shutting down");
      return;
    }
    if (!initialized_ && method != "initialize") {
      sendError(id, ServerNotInitialized, "the server has not been initialized");
      return;
    }
    try {
      if (method == "initialize") {
        if (initialized_)
          return sendError(id, InvalidRequest, "initialize was already called");
        return sendResult(id, initialize(params));
      }
      if (method == "shutdown") {
        shutdown_ = true;
        stopWorker();
        return sendResult(id, nullptr);
      }
      if (method == "textDocument/codeAction")
        return sendResult(id, codeActions(params));
      sendError(id, MethodNotFound, "method not found: " + method);
    } catch (const BadParams &error) {
      sendError(id, InvalidParams, "Invalid params: " + error.message);
    } catch (const Json::exception &error) {
      sendError(id, InvalidParams, std::string("Invalid params: ") + error.what());
    }
  }

  std::optional<int> onNotification(const std::string &method, const Json &params) {
    if (method == "exit")
      return shutdown_ ? 0 : 1;
    if (!initialized_ || shutdown_)
      return std::nullopt; // notifications before initialize are dropped (LSP 3.17)
    try {
      if (method == "initialized")
        return std::nullopt;
      if (method == "textDocument/didOpen")
        didOpen(member(params, "textDocument"));
      else if (method == "textDocument/didChange")
        didChange(params);
      else if (method == "textDocument/didSave")
        didSave(member(params, "textDocument"));
      else if (method == "textDocument/didClose")
        didClose(member(params, "textDocument"));
      else if (method == "workspace/didChangeConfiguration")
        didChangeConfiguration(params);
      // Anything else, `$/cancelRequest` and `$/setTrace` included, needs no answer.
    } catch (const BadParams &error) {
      logMessage(WarningMessage, "ignored " + method + ": " + error.message);
    } catch (const Json::exception &error) {
      logMessage(WarningMessage, "ignored " + method + ": " + error.what());
    }
    return std::nullopt;
  }

  Json initialize(const Json &params) {
    initialized_ = true;
    const Json options = params.value("initializationOptions", Json::object());
    if (options.is_object()) {
      if (options.contains("checks") && options["checks"].is_string())
        checks_ = options["checks"].get<std::string>();
      if (options.contains("debounceMs") && options["debounceMs"].is_number_unsigned())
        options_.debounceMs = options["debounceMs"].get<unsigned>();
      if (options.contains("compilationDatabasePath") &&
          options["compilationDatabasePath"].is_string())
        options_.compilationDatabasePath = options["compilationDatabasePath"].get<std::string>();
      if (options.contains("fallbackFlags") && options["fallbackFlags"].is_array())
        for (const Json &flag : options["fallbackFlags"])
          if (flag.is_string())
            options_.fallbackFlags.push_back(flag.get<std::string>());
      if (options.contains("config") && options["config"].is_string())
        options_.config = options["config"].get<std::string>();
    }
    worker_ = std::jthread([this](std::stop_token stop) { analyseUntilStopped(stop); });
    return {{"capabilities",
             {{"positionEncoding", "utf-16"},
              {"textDocumentSync",
               {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
              {"codeActionProvider", {{"codeActionKinds", Json::array({"quickfix"})}}}}},
            {"serverInfo", {{"name", "threadlint"}, {"version", THREADLINT_VERSION}}}};
  }

  void didOpen(const Json &item) {
    std::string uri = stringMember(item, "uri");
    std::string path = pathFromUri(uri);
    if (path.empty())
      throw BadParams{"only file:// documents can be analysed, not " + uri};
    long version = item.value("version", 0L);
    std::lock_guard<std::mutex> lock(mutex_);
    Document &document = documents_[uri];
    document.uri = uri;
    document.path = path;
    document.text = TextDocument(stringMember(item, "text"), version);
    scheduleLocked(document, Clock::now());
  }

  void didChange(const Json &params) {
    const Json &identifier = member(params, "textDocument");
    std::string uri = stringMember(identifier, "uri");
    const Json &changes = member(params, "contentChanges");
    if (!changes.is_array())
      throw BadParams{"'contentChanges' must be an array"};
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = documents_.find(uri);
    if (found == documents_.end())
      throw BadParams{"didChange for a document that is not open: " + uri};
    Document &document = found->second;
    for (const Json &change : changes)
      if (!document.text.applyChange(change))
        throw BadParams{"a content change with a malformed range"};
    document.text.setVersion(identifier.value("version", document.text.version() + 1));
    scheduleLocked(document, Clock::now() + std::chrono::milliseconds(options_.debounceMs));
  }

  void didSave(const Json &identifier) {
    std::string uri = stringMember(identifier, "uri");
    std::lock_guard<std::mutex> lock(mutex_);
    // A save may have changed a header this document includes.
    if (auto found = documents_.find(uri); found != documents_.end())
      scheduleLocked(found->second, Clock::now());
  }

  void didClose(const Json &identifier) {
    std::string uri = stringMember(identifier, "uri");
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto found = documents_.find(uri);
      if (found == documents_.end())
        return;
      *found->second.cancelled = true;
      documents_.erase(found);
      published_.erase(uri);
      closed_.insert(uri);
    }
    wake_.notify_all();
    writer_.send({{"jsonrpc", "2.0"},
                  {"method", "textDocument/publishDiagnostics"},
                  {"params", {{"uri", uri}, {"diagnostics", Json::array()}}}});
  }

  void didChangeConfiguration(const Json &params) {
    const Json &settings = member(params, "settings");
    const Json *scope = &settings;
    if (settings.is_object() && settings.contains("threadlint"))
      scope = &settings["threadlint"];
    std::lock_guard<std::mutex> lock(mutex_);
    if (scope->is_object() && scope->contains("checks") && (*scope)["checks"].is_string()) {
      checks_ = (*scope)["checks"].get<std::string>();
      // A glob that names no threadlint check disables nothing and enables
      // nothing: say so where the user looks, not only in the log.
      for (const std::string &glob : globsMatchingNoCheck(*checks_))
        writer_.send({{"jsonrpc", "2.0"},
                      {"method", "window/showMessage"},
                      {"params",
                       {{"type", WarningMessage},
                        {"message", "threadlint: the checks setting '" + glob +
                                        "' matches no threadlint check (see `threadlint "
                                        "--list-checks`)"}}}});
    }
    for (auto &[uri, document] : documents_)
      scheduleLocked(document, Clock::now());
  }

  Json codeActions(const Json &params) {
    std::string uri = stringMember(member(params, "textDocument"), "uri");
    const Json &range = member(params, "range");
    unsigned firstLine = positionFromJson(member(range, "start")).line;
    unsigned lastLine = positionFromJson(member(range, "end")).line;
    Json actions = Json::array();
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = published_.find(uri);
    if (found == published_.end())
      return actions;
    const Published &published = found->second;
    for (const Diagnostic &diagnostic : published.diagnostics) {
      unsigned line = diagnostic.position.line - 1;
      unsigned endLine = diagnostic.end.line == 0 ? line : diagnostic.end.line - 1;
      if (endLine < firstLine || line > lastLine)
        continue;
      Json lspDiagnostic = toLspDiagnostic(diagnostic, published.text);
      if (!diagnostic.fixes.empty()) {
        Json edits = Json::array();
        for (const Replacement &fix : diagnostic.fixes)
          edits.push_back({{"range",
                            {{"start", toJson(published.text.fromClang(fix.begin.line,
                                                                        fix.begin.column))},
                             {"end", toJson(published.text.fromClang(fix.end.line,
                                                                      fix.end.column))}}},
                           {"newText", fix.text}});
        actions.push_back({{"title", "Apply the fix-it of " + diagnostic.check},
                           {"kind", "quickfix"},
                           {"isPreferred", true},
                           {"diagnostics", Json::array({lspDiagnostic})},
                           {"edit", {{"changes", {{uri, edits}}}}}});
      }
      std::string lineText = published.text.lineText(line);
      std::string indent = lineText.substr(0, lineText.find_first_not_of(" \t"));
      Json insertion = {{"range", {{"start", toJson({line, 0})}, {"end", toJson({line, 0})}}},
                        {"newText", indent + "// NOLINTNEXTLINE(" + diagnostic.check + ")\n"}};
      actions.push_back({{"title", "Suppress with // NOLINTNEXTLINE(" + diagnostic.check + ")"},
                         {"kind", "quickfix"},
                         {"diagnostics", Json::array({lspDiagnostic})},
                         {"edit", {{"changes", {{uri, Json::array({insertion})}}}}}});
    }
    return actions;
  }

  // --- analysis --------------------------------------------------------------

  void scheduleLocked(Document &document, Clock::time_point due) {
    *document.cancelled = true; // whatever runs for the old text is stale now
    document.cancelled = std::make_shared<std::atomic<bool>>(false);
    ++document.generation;
    document.pending = true;
    document.due = due;
    wake_.notify_all();
  }

  /// The worker thread: waits for a document whose quiet time is over,
  /// analyses a snapshot of it, and publishes unless an edit overtook it.
  void analyseUntilStopped(std::stop_token stop) {
    // The options were set by `initialize`, before this thread started.
    CompileCommandFinder finder(options_.compilationDatabasePath, options_.fallbackFlags);
    std::map<std::string, std::unique_ptr<DocumentAnalyzer>> analyzers;
    std::set<std::string> fallbackReported;
    while (!stop.stop_requested()) {
      Document snapshot;
      std::optional<std::string> checks;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        for (const std::string &uri : closed_)
          analyzers.erase(uri);
        closed_.clear();
        Document *next = nullptr;
        for (auto &[uri, document] : documents_)
          if (document.pending && (!next || document.due < next->due))
            next = &document;
        if (!next) {
          wake_.wait(lock, stop, [&] { return hasPendingLocked() || !closed_.empty(); });
          continue;
        }
        if (next->due > Clock::now()) {
          wake_.wait_until(lock, stop, next->due, [] { return false; });
          continue;
        }
        next->pending = false;
        snapshot = *next;
        checks = checks_;
      }
      analyse(snapshot, checks, finder, analyzers, fallbackReported);
    }
  }

  bool hasPendingLocked() const {
    for (const auto &[uri, document] : documents_)
      if (document.pending)
        return true;
    return false;
  }

  void analyse(const Document &snapshot, const std::optional<std::string> &checks,
               CompileCommandFinder &finder,
               std::map<std::string, std::unique_ptr<DocumentAnalyzer>> &analyzers,
               std::set<std::string> &fallbackReported) {
    FoundCommand found = finder.find(snapshot.path);
    if (found.database.empty() && fallbackReported.insert(snapshot.path).second)
      logMessage(InfoMessage, "no compile_commands.json above " + snapshot.path +
                                  " (nor in a build/ directory beside one); analysing it with "
                                  "-std=c++20");
    ConfigurationProvider::Settings settings;
    if (checks)
      settings.overrides.Checks = *checks;
    if (options_.config) {
      llvm::Expected<CheckConfiguration> parsed =
          parseCheckConfiguration(*options_.config, "initializationOptions.config");
      if (!parsed) {
        logMessage(ErrorMessage, llvm::toString(parsed.takeError()));
        return;
      }
      settings.explicitConfiguration = std::move(*parsed);
    }
    ConfigurationProvider configurations(std::move(settings));
    llvm::Expected<RuleSelection> selection = configurations.selectionFor(snapshot.path);
    for (const std::string &warning : configurations.takeWarnings())
      logMessage(WarningMessage, warning);
    if (!selection) {
      logMessage(ErrorMessage, "cannot read the configuration for " + snapshot.path + ": " +
                                   llvm::toString(selection.takeError()));
      return;
    }
    std::unique_ptr<DocumentAnalyzer> &analyzer = analyzers[snapshot.uri];
    if (!analyzer)
      analyzer = std::make_unique<DocumentAnalyzer>(options_.resourceDir);
    Clock::time_point start = Clock::now();
    DocumentAnalysis analysis = analyzer->analyze(snapshot.path, snapshot.text.text(),
                                                  found.command, *selection, *snapshot.cancelled);
    auto milliseconds =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    if (analysis.cancelled) {
      logMessage(LogMessage, "analysis of " + snapshot.path + " cancelled: the text changed");
      return;
    }
    logMessage(LogMessage, "analysed " + snapshot.path + " (version " +
                               std::to_string(snapshot.text.version()) + ") in " +
                               std::to_string(milliseconds) + " ms, preamble " +
                               (analysis.preambleReused  ? "reused"
                                : analysis.preambleBuilt ? "built"
                                                         : "unavailable"));
    if (!analysis.failure.empty() || !analysis.result.analysed) {
      // clang built no AST: the last good findings stay until it does. An
      // AST with errors is judged, as the CLI and clang-tidy do.
      logMessage(LogMessage, snapshot.path + " does not parse yet: " +
                                 (analysis.failure.empty() ? analysis.result.compilerErrors.front()
                                                           : analysis.failure));
      return;
    }
    std::vector<Diagnostic> mainFile;
    for (Diagnostic &diagnostic : analysis.result.diagnostics)
      if (diagnostic.position.file == snapshot.path)
        mainFile.push_back(std::move(diagnostic));
    sortAndDeduplicate(mainFile);

    std::lock_guard<std::mutex> lock(mutex_);
    auto current = documents_.find(snapshot.uri);
    if (current == documents_.end() || current->second.generation != snapshot.generation)
      return; // closed or edited meanwhile: a newer analysis will publish
    Json diagnostics = Json::array();
    for (const Diagnostic &diagnostic : mainFile)
      diagnostics.push_back(toLspDiagnostic(diagnostic, snapshot.text));
    published_[snapshot.uri] = Published{snapshot.text, std::move(mainFile)};
    writer_.send({{"jsonrpc", "2.0"},
                  {"method", "textDocument/publishDiagnostics"},
                  {"params",
                   {{"uri", snapshot.uri},
                    {"version", snapshot.text.version()},
                    {"diagnostics", std::move(diagnostics)}}}});
  }

  static Json toLspDiagnostic(const Diagnostic &diagnostic, const TextDocument &text) {
    TextPosition start = text.fromClang(diagnostic.position.line, diagnostic.position.column);
    TextPosition end = diagnostic.end.line == 0
                           ? start
                           : text.fromClang(diagnostic.end.line, diagnostic.end.column);
    Json related = Json::array();
    for (const DiagnosticNote &note : diagnostic.notes) {
      TextPosition at = note.position.file == diagnostic.position.file
                            ? text.fromClang(note.position.line, note.position.column)
                            : TextPosition{note.position.line - 1, note.position.column - 1};
      related.push_back({{"location",
                          {{"uri", uriFromPath(note.position.file)},
                           {"range", {{"start", toJson(at)}, {"end", toJson(at)}}}}},
                         {"message", note.message}});
    }
    Json result = {{"range", {{"start", toJson(start)}, {"end", toJson(end)}}},
                   {"severity", diagnostic.severity == Severity::Error ? 1 : 2},
                   {"code", diagnostic.check},
                   {"codeDescription", {{"href", ruleHelpUri(diagnostic.check)}}},
                   {"source", "threadlint"},
                   {"message", diagnostic.message}};
    if (!related.empty())
      result["relatedInformation"] = std::move(related);
    return result;
  }

  // --- output ----------------------------------------------------------------

  void sendResult(const Json &id, const Json &result) {
    writer_.send({{"jsonrpc", "2.0"}, {"id", id}, {"result", result}});
  }

  void sendError(const Json &id, int code, const std::string &message) {
    writer_.send(
        {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}});
  }

  void logMessage(MessageType type, const std::string &message) {
    writer_.send({{"jsonrpc", "2.0"},
                  {"method", "window/logMessage"},
                  {"params", {{"type", type}, {"message", "threadlint: " + message}}}});
  }

  void stopWorker() {
    if (!worker_.joinable())
      return;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (auto &[uri, document] : documents_)
        *document.cancelled = true;
    }
    worker_.request_stop();
    worker_.join();
  }

  MessageWriter &writer_;
  ServerOptions options_;
  bool initialized_ = false;
  bool shutdown_ = false;

  std::mutex mutex_; ///< guards everything below, shared with the worker
  std::condition_variable_any wake_;
  std::map<std::string, Document> documents_;
  std::map<std::string, Published> published_;
  std::set<std::string> closed_;
  std::optional<std::string> checks_;

  std::jthread worker_; ///< last: stopped and joined before the state it uses goes
};

} // namespace

int runLanguageServer(std::FILE *input, std::FILE *output, const ServerOptions &options) {
  MessageReader reader(input);
  MessageWriter writer(output);
  Server server(writer, options);
  while (true)
    if (std::optional<int> exitCode = server.handle(reader.read()))
      return *exitCode;
}

} // namespace threadlint::lsp
