// The language server at the protocol level: lifecycle, diagnostics of
// unsaved buffers, incremental and full sync, code actions, configuration,
// compile commands, and the JSON-RPC errors malformed input must get.
#include "LspClient.h"

#include "../cli/CliTestSupport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "llvm/Support/FileSystem.h"

#include <unistd.h>

namespace threadlint::testing {
namespace {

using ::testing::HasSubstr;

constexpr const char *Detach = "#include <thread>\n"
                               "void f(std::thread &t) {\n"
                               "  t.detach();\n"
                               "}\n";

nlohmann::json openParams(const std::string &uri, const std::string &text, int version = 1) {
  return {{"textDocument",
           {{"uri", uri}, {"languageId", "cpp"}, {"version", version}, {"text", text}}}};
}

class Lsp : public ::testing::Test {
protected:
  void initialize(nlohmann::json options = nlohmann::json::object()) {
    options["debounceMs"] = 50;
    client.request(1, "initialize",
                   {{"processId", nullptr},
                    {"rootUri", fileUri(scratch.path())},
                    {"capabilities", nlohmann::json::object()},
                    {"initializationOptions", options}});
    nlohmann::json reply = client.response(1);
    ASSERT_FALSE(reply.is_null());
    capabilities = reply["result"]["capabilities"];
    client.notify("initialized", nlohmann::json::object());
  }

  int shutdownAndExit() {
    client.request(99, "shutdown", nullptr);
    nlohmann::json reply = client.response(99);
    EXPECT_TRUE(reply.contains("result") && reply["result"].is_null());
    client.notify("exit", nullptr);
    return client.finish();
  }

  ScratchDirectory scratch;
  LspClient client{THREADLINT_CLI_PATH};
  nlohmann::json capabilities;
};

TEST_F(Lsp, RequestsBeforeInitializeAreRefusedAndTheLifecycleEndsCleanly) {
  client.request(7, "textDocument/codeAction", nlohmann::json::object());
  nlohmann::json early = client.response(7);
  ASSERT_FALSE(early.is_null());
  EXPECT_EQ(early["error"]["code"], -32002);
  initialize();
  EXPECT_EQ(capabilities["textDocumentSync"]["change"], 2) << "incremental sync";
  EXPECT_EQ(capabilities["textDocumentSync"]["openClose"], true);
  EXPECT_TRUE(capabilities["codeActionProvider"].is_object());
  client.request(2, "initialize", nlohmann::json::object());
  EXPECT_EQ(client.response(2)["error"]["code"], -32600) << "initialize only once";
  EXPECT_EQ(shutdownAndExit(), 0);
}

// A project built with GCC: its compile command carries options clang lacks
// (-Werror with a GCC-only warning, an option clang's driver does not know).
// The editor reports what the CLI and clang-tidy report.
TEST_F(Lsp, AGccCompileCommandStillGetsDiagnostics) {
  std::string path = scratch.write("a.cpp", Detach);
  nlohmann::json database = nlohmann::json::array(
      {{{"directory", scratch.path()},
        {"file", path},
        {"arguments",
         {"/usr/bin/g++", "-std=c++20", "-Wlogical-op", "-Werror",
          "-fconcepts-diagnostics-depth=3", "-c", path}}}});
  scratch.write("compile_commands.json", database.dump());
  initialize();
  std::string uri = fileUri(path);
  client.notify("textDocument/didOpen", openParams(uri, Detach));
  nlohmann::json published = client.diagnosticsFor(uri);
  ASSERT_FALSE(published.is_null());
  ASSERT_EQ(published["params"]["diagnostics"].size(), 1u) << published.dump();
  EXPECT_EQ(published["params"]["diagnostics"][0]["code"], "threadlint-detached-thread");
  EXPECT_EQ(shutdownAndExit(), 0);
}

TEST_F(Lsp, ExitWithoutShutdownExitsWithOne) {
  initialize();
  client.notify("exit", nullptr);
  EXPECT_EQ(client.finish(), 1);
}

TEST_F(Lsp, AnalysesTheUnsavedBufferAndPublishesRichDiagnostics) {
  std::string path = scratch.write("a.cpp", "// saved: nothing to see\n");
  initialize();
  std::string source = "#include <chrono>\n#include <mutex>\n#include <thread>\n"
                       "std::mutex m;\n"
                       "void f(std::thread &t) {\n"
                       "  std::lock_guard<std::mutex> g(m);\n"
                       "  std::this_thread::sleep_for(std::chrono::seconds(1));\n"
                       "  /*é*/ t.detach();\n"
                       "}\n";
  client.notify("textDocument/didOpen", openParams(fileUri(path), source));
  nlohmann::json published = client.diagnosticsFor(fileUri(path));
  ASSERT_FALSE(published.is_null());
  const nlohmann::json &diagnostics = published["params"]["diagnostics"];
  ASSERT_EQ(diagnostics.size(), 2u) << published.dump(2);
  const nlohmann::json &sleep = diagnostics[0];
  EXPECT_EQ(sleep["code"], "threadlint-blocking-under-lock");
  EXPECT_EQ(sleep["source"], "threadlint");
  EXPECT_EQ(sleep["severity"], 2);
  EXPECT_EQ(sleep["range"]["start"]["line"], 6);
  EXPECT_THAT(sleep["codeDescription"]["href"].get<std::string>(),
              HasSubstr("docs/rules/threadlint-blocking-under-lock.md"));
  // The explanation at the warning itself, then where the lock is taken.
  ASSERT_EQ(sleep["relatedInformation"].size(), 2u);
  EXPECT_EQ(sleep["relatedInformation"][0]["location"]["range"]["start"]["line"], 6);
  EXPECT_THAT(sleep["relatedInformation"][0]["message"].get<std::string>(),
              HasSubstr("outside the critical section"));
  EXPECT_EQ(sleep["relatedInformation"][1]["location"]["range"]["start"]["line"], 5);
  const nlohmann::json &detach = diagnostics[1];
  EXPECT_EQ(detach["code"], "threadlint-detached-thread");
  // `é` is two bytes but one UTF-16 code unit: `detach` starts at character 10.
  EXPECT_EQ(detach["range"]["start"], (nlohmann::json{{"line", 7}, {"character", 10}}));
  EXPECT_EQ(detach["range"]["end"], (nlohmann::json{{"line", 7}, {"character", 16}}));
  EXPECT_EQ(shutdownAndExit(), 0);
}

TEST_F(Lsp, EditsWithoutSavingUpdateTheDiagnosticsAndCloseClearsThem) {
  std::string path = scratch.write("a.cpp", Detach);
  std::string uri = fileUri(path);
  initialize();
  client.notify("textDocument/didOpen", openParams(uri, Detach));
  ASSERT_EQ(client.diagnosticsFor(uri)["params"]["diagnostics"].size(), 1u);

  // Incremental: replace `detach` by `join` on line 2.
  nlohmann::json range = {{"start", {{"line", 2}, {"character", 4}}},
                          {"end", {{"line", 2}, {"character", 10}}}};
  nlohmann::json change = {{"range", range}, {"text", "join"}};
  client.notify("textDocument/didChange", {{"textDocument", {{"uri", uri}, {"version", 2}}},
                                           {"contentChanges", nlohmann::json::array({change})}});
  nlohmann::json fixed = client.diagnosticsFor(uri);
  ASSERT_FALSE(fixed.is_null());
  EXPECT_EQ(fixed["params"]["version"], 2);
  EXPECT_TRUE(fixed["params"]["diagnostics"].empty()) << fixed.dump(2);
  EXPECT_EQ(readText(path), Detach) << "nothing is written to disk";

  // Full sync brings it back.
  client.notify("textDocument/didChange",
                {{"textDocument", {{"uri", uri}, {"version", 3}}},
                 {"contentChanges", {{{"text", Detach}}}}});
  EXPECT_EQ(client.diagnosticsFor(uri)["params"]["diagnostics"].size(), 1u);

  client.notify("textDocument/didClose", {{"textDocument", {{"uri", uri}}}});
  nlohmann::json cleared = client.diagnosticsFor(uri);
  ASSERT_FALSE(cleared.is_null());
  EXPECT_TRUE(cleared["params"]["diagnostics"].empty());
  EXPECT_EQ(shutdownAndExit(), 0);
}

TEST_F(Lsp, ABurstOfEditsIsDebouncedAndOnlyTheLatestTextIsPublished) {
  std::string uri = fileUri(scratch.write("a.cpp", Detach));
  initialize({{"debounceMs", 400}});
  client.notify("textDocument/didOpen", openParams(uri, Detach));
  ASSERT_FALSE(client.diagnosticsFor(uri).is_null());
  std::string text = Detach;
  for (int version = 2; version <= 9; ++version) {
    text += "void g" + std::to_string(version) + "(std::thread &u) { u.detach(); }\n";
    client.notify("textDocument/didChange", {{"textDocument", {{"uri", uri}, {"version", version}}},
                                             {"contentChanges", {{{"text", text}}}}});
  }
  nlohmann::json last = client.diagnosticsFor(uri);
  ASSERT_FALSE(last.is_null());
  EXPECT_EQ(last["params"]["version"], 9) << "no stale text is published";
  EXPECT_EQ(last["params"]["diagnostics"].size(), 9u);
  unsigned analyses = 0;
  for (const nlohmann::json &message : client.seen)
    if (message.value("method", "") == "window/logMessage" &&
        message["params"]["message"].get<std::string>().find("analysed") != std::string::npos)
      ++analyses;
  EXPECT_LE(analyses, 3u) << "eight edits in a burst are analysed once, not eight times";
  EXPECT_EQ(shutdownAndExit(), 0);
}

TEST_F(Lsp, ReanalysisReusesThePreamble) {
  std::string uri = fileUri(scratch.write("a.cpp", Detach));
  initialize();
  client.notify("textDocument/didOpen", openParams(uri, Detach));
  ASSERT_FALSE(client.diagnosticsFor(uri).is_null());
  client.notify("textDocument/didChange",
                {{"textDocument", {{"uri", uri}, {"version", 2}}},
                 {"contentChanges", {{{"text", std::string(Detach) + "int x;\n"}}}}});
  ASSERT_FALSE(client.diagnosticsFor(uri).is_null());
  std::vector<std::string> preambles;
  for (const nlohmann::json &message : client.seen)
    if (message.value("method", "") == "window/logMessage") {
      std::string text = message["params"]["message"];
      if (text.find("preamble") != std::string::npos)
        preambles.push_back(text.substr(text.rfind("preamble")));
    }
  ASSERT_EQ(preambles.size(), 2u);
  EXPECT_EQ(preambles[0], "preamble built");
  EXPECT_EQ(preambles[1], "preamble reused");
  EXPECT_EQ(shutdownAndExit(), 0);
}

TEST_F(Lsp, CodeActionsOfferTheFixItAndANolintSuppression) {
  std::string source = "#include <future>\nint compute();\nint run() {\n"
                       "    auto a = std::async(compute);\n    return a.get();\n}\n";
  std::string uri = fileUri(scratch.write("a.cpp", source));
  initialize({{"checks", "-*,threadlint-async-launch-policy"}});
  client.notify("textDocument/didOpen", openParams(uri, source));
  ASSERT_EQ(client.diagnosticsFor(uri)["params"]["diagnostics"].size(), 1u);
  client.request(5, "textDocument/codeAction",
                 {{"textDocument", {{"uri", uri}}},
                  {"range", {{"start", {{"line", 3}, {"character", 0}}},
                             {"end", {{"line", 3}, {"character", 0}}}}},
                  {"context", {{"diagnostics", nlohmann::json::array()}}}});
  nlohmann::json reply = client.response(5);
  ASSERT_FALSE(reply.is_null());
  const nlohmann::json &actions = reply["result"];
  ASSERT_EQ(actions.size(), 2u) << reply.dump(2);
  EXPECT_EQ(actions[0]["kind"], "quickfix");
  const nlohmann::json &fix = actions[0]["edit"]["changes"][uri][0];
  EXPECT_EQ(fix["newText"], "std::launch::async, ");
  EXPECT_EQ(fix["range"]["start"], (nlohmann::json{{"line", 3}, {"character", 24}}));
  EXPECT_EQ(actions[1]["title"], "Suppress with // NOLINTNEXTLINE(threadlint-async-launch-policy)");
  EXPECT_EQ(actions[1]["edit"]["changes"][uri][0]["newText"],
            "    // NOLINTNEXTLINE(threadlint-async-launch-policy)\n");
  EXPECT_EQ(shutdownAndExit(), 0);
}

TEST_F(Lsp, ConfigurationChangesTheEnabledChecks) {
  std::string uri = fileUri(scratch.write("a.cpp", Detach));
  initialize();
  client.notify("textDocument/didOpen", openParams(uri, Detach));
  ASSERT_EQ(client.diagnosticsFor(uri)["params"]["diagnostics"].size(), 1u);
  client.notify("workspace/didChangeConfiguration",
                {{"settings", {{"threadlint", {{"checks", "-threadlint-detached-thread"}}}}}});
  nlohmann::json after = client.diagnosticsFor(uri);
  ASSERT_FALSE(after.is_null());
  EXPECT_TRUE(after["params"]["diagnostics"].empty());
  EXPECT_EQ(shutdownAndExit(), 0);
}

TEST_F(Lsp, UsesTheNearestCompilationDatabaseAndSaysWhenItFallsBack) {
  // The finding exists only with the database's -DUSE_DETACH.
  std::string source = "#include <thread>\nvoid f(std::thread &t) {\n"
                       "#ifdef USE_DETACH\n  t.detach();\n#endif\n}\n";
  std::string withDatabase = scratch.write("project/src/a.cpp", source);
  scratch.write("project/build/compile_commands.json",
                nlohmann::json::array({{{"directory", scratch.file("project/build")},
                                        {"file", withDatabase},
                                        {"arguments", {"clang++", "-std=c++20", "-DUSE_DETACH",
                                                       "-c", withDatabase}}}})
                    .dump());
  std::string alone = scratch.write("elsewhere/b.cpp", source);
  initialize();
  client.notify("textDocument/didOpen", openParams(fileUri(withDatabase), source));
  EXPECT_EQ(client.diagnosticsFor(fileUri(withDatabase))["params"]["diagnostics"].size(), 1u);
  client.notify("textDocument/didOpen", openParams(fileUri(alone), source));
  EXPECT_TRUE(client.diagnosticsFor(fileUri(alone))["params"]["diagnostics"].empty());
  bool saidFallback = false;
  for (const nlohmann::json &message : client.seen)
    if (message.value("method", "") == "window/logMessage" &&
        message["params"]["message"].get<std::string>().find("no compile_commands.json above " +
                                                             alone) != std::string::npos)
      saidFallback = true;
  EXPECT_TRUE(saidFallback);
  EXPECT_EQ(shutdownAndExit(), 0);
}

TEST_F(Lsp, MalformedInputGetsTheJsonRpcErrorsAndTheServerCarriesOn) {
  initialize();
  client.sendRaw("Content-Length: 9\r\n\r\n{not json");
  nlohmann::json parse = client.waitFor(
      [](const nlohmann::json &message) { return message.contains("error"); });
  ASSERT_FALSE(parse.is_null());
  EXPECT_EQ(parse["error"]["code"], -32700);
  EXPECT_TRUE(parse["id"].is_null());

  client.sendRaw("X-Nonsense: 1\r\n\r\n");
  nlohmann::json noLength = client.waitFor(
      [](const nlohmann::json &message) { return message.contains("error"); });
  ASSERT_FALSE(noLength.is_null());
  EXPECT_EQ(noLength["error"]["code"], -32700);

  client.send(nlohmann::json::array({1, 2}));
  EXPECT_EQ(client.waitFor([](const nlohmann::json &m) { return m.contains("error"); })
                ["error"]["code"],
            -32600);
  client.request(3, "no/such/method", nlohmann::json::object());
  EXPECT_EQ(client.response(3)["error"]["code"], -32601);
  client.request(4, "textDocument/codeAction", {{"range", 5}});
  EXPECT_EQ(client.response(4)["error"]["code"], -32602);
  client.notify("textDocument/didOpen", {{"textDocument", {{"text", 1}}}});

  std::string uri = fileUri(scratch.write("a.cpp", Detach));
  client.notify("textDocument/didOpen", openParams(uri, Detach));
  EXPECT_EQ(client.diagnosticsFor(uri)["params"]["diagnostics"].size(), 1u)
      << "still serving after all of that";
  EXPECT_EQ(shutdownAndExit(), 0);
  for (const nlohmann::json &message : client.seen)
    EXPECT_EQ(message["jsonrpc"], "2.0") << "only protocol on stdout";
}

TEST_F(Lsp, AnOversizedMessageIsRefusedAndTheServerCarriesOn) {
  initialize();
  // Over the 64 MiB limit: skipped as it arrives, never held in memory.
  std::string body(65u << 20, ' ');
  client.sendRaw("Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  nlohmann::json refused = client.waitFor(
      [](const nlohmann::json &message) { return message.contains("error"); });
  ASSERT_FALSE(refused.is_null());
  EXPECT_EQ(refused["error"]["code"], -32700);
  EXPECT_THAT(refused["error"]["message"].get<std::string>(), HasSubstr("over the limit"));

  std::string uri = fileUri(scratch.write("a.cpp", Detach));
  client.notify("textDocument/didOpen", openParams(uri, Detach));
  EXPECT_EQ(client.diagnosticsFor(uri)["params"]["diagnostics"].size(), 1u);
  EXPECT_EQ(shutdownAndExit(), 0);
}

TEST_F(Lsp, TalksOnlyOverStdio) {
  initialize();
  std::string uri = fileUri(scratch.write("a.cpp", Detach));
  client.notify("textDocument/didOpen", openParams(uri, Detach));
  ASSERT_EQ(client.diagnosticsFor(uri)["params"]["diagnostics"].size(), 1u);
  // Mid-session, after an analysis: no socket among the server's descriptors.
  std::string descriptors = "/proc/" + std::to_string(client.pid()) + "/fd";
  std::error_code error;
  unsigned seen = 0;
  for (llvm::sys::fs::directory_iterator it(descriptors, error), end; it != end && !error;
       it.increment(error)) {
    char link[256] = {};
    ssize_t length = ::readlink(it->path().c_str(), link, sizeof(link) - 1);
    if (length <= 0)
      continue;
    ++seen;
    EXPECT_FALSE(llvm::StringRef(link, length).starts_with("socket:"))
        << it->path() << " -> " << link;
  }
  EXPECT_GE(seen, 3u) << "read the server's descriptors";
  EXPECT_EQ(shutdownAndExit(), 0);
}

} // namespace
} // namespace threadlint::testing
