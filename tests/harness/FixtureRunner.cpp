// Runs one fixture through one front end (the threadlint CLI, clang-tidy-19
// with the plugin, or the language server as an editor drives it) on one
// standard library, and compares every finding with the expectations written
// inline in the fixture. A missing finding and an unexpected one both fail.
// The language server publishes the open file's findings only, so a header's
// expectations do not apply to it.
//
// Fixture syntax (comments anywhere in the fixture or a header it includes
// with quotes from the same directory):
//   // RUN: <compiler arguments>          default: -std=c++20
//   // CHECKS: <check globs>              default: the directory's name
//   // CONFIG: <YAML, one line>           e.g. {CheckOptions: {threadlint-x.Opt: 3}}
//                                         (TestFileRegex: '^$' is added unless given: the
//                                         fixtures under tests/ are production code)
//   ... code ... // EXPECT: <column> <check-id> "fragment of the warning or of its notes"
//   // EXPECT@+1: ...   or   // EXPECT@-2: ...   for another line
#include "../lsp/LspClient.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"

#include <nlohmann/json.hpp>

#include <map>

#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace {
namespace cl = llvm::cl;

struct Finding {
  std::string file; // file name only: fixtures live in one directory
  unsigned line = 0;
  unsigned column = 0;
  std::string check;
  std::string message;
  /// Followed by a note at its own location: RULES.md's short warning whose
  /// consequence and fix come in a note.
  bool explained = false;
  /// The notes' messages: an expectation's fragment may be in the warning
  /// or in its explanation ("the content of the warning and its note
  /// together", RULES.md).
  std::string notes;
};

/// RULES.md: "The warning is one sentence of at most 100 characters".
constexpr std::size_t MaximumWarningLength = 100;

struct Expectation {
  Finding finding; // `message` is a fragment to look for
  std::string writtenAt;
};

struct Fixture {
  std::vector<std::string> compilerArgs{"-std=c++20"};
  std::string checks;
  std::string config = "{}";
  std::vector<Expectation> expectations;
};

std::string readFile(llvm::StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) {
    llvm::errs() << "fixture-runner: cannot read " << path << "\n";
    std::exit(2);
  }
  return (*buffer)->getBuffer().str();
}

void collectExpectations(llvm::StringRef path, Fixture &fixture, std::set<std::string> &seen) {
  if (!seen.insert(path.str()).second)
    return;
  std::string text = readFile(path);
  llvm::SmallVector<llvm::StringRef> lines;
  llvm::StringRef(text).split(lines, '\n');
  llvm::Regex expectation(
      R"re(// EXPECT(@([+-][0-9]+))?: *([0-9]+) +([a-z0-9-]+)( +"([^"]*)")?)re");
  llvm::Regex include(R"re(^#include "([^"]+)")re");
  llvm::StringRef name = llvm::sys::path::filename(path);
  for (unsigned index = 0; index < lines.size(); ++index) {
    llvm::StringRef line = lines[index];
    llvm::SmallVector<llvm::StringRef> groups;
    if (expectation.match(line, &groups)) {
      int offset = 0;
      if (!groups[2].empty()) {
        llvm::StringRef magnitude = groups[2].drop_front();
        magnitude.getAsInteger(10, offset);
        if (groups[2].front() == '-')
          offset = -offset;
      }
      Expectation expected;
      expected.finding.file = name.str();
      expected.finding.line = index + 1 + offset;
      groups[3].getAsInteger(10, expected.finding.column);
      expected.finding.check = groups[4].str();
      expected.finding.message = groups[6].str();
      expected.writtenAt = name.str() + ":" + std::to_string(index + 1);
      fixture.expectations.push_back(expected);
    }
    if (include.match(line, &groups)) {
      llvm::SmallString<256> header(llvm::sys::path::parent_path(path));
      llvm::sys::path::append(header, groups[1]);
      if (llvm::sys::fs::exists(header))
        collectExpectations(header, fixture, seen);
    }
  }
}

Fixture readFixture(llvm::StringRef path) {
  Fixture fixture;
  fixture.checks = llvm::sys::path::filename(llvm::sys::path::parent_path(path)).str();
  std::string text = readFile(path);
  llvm::SmallVector<llvm::StringRef> lines;
  llvm::StringRef(text).split(lines, '\n');
  for (llvm::StringRef line : lines) {
    line = line.trim();
    if (line.consume_front("// RUN:")) {
      fixture.compilerArgs.clear();
      llvm::SmallVector<llvm::StringRef> args;
      line.split(args, ' ', -1, false);
      for (llvm::StringRef arg : args)
        fixture.compilerArgs.push_back(arg.str());
    } else if (line.consume_front("// CHECKS:")) {
      fixture.checks = line.trim().str();
    } else if (line.consume_front("// CONFIG:")) {
      fixture.config = line.trim().str();
    }
  }
  std::set<std::string> seen;
  collectExpectations(path, fixture, seen);
  return fixture;
}

struct RunOutput {
  int exitCode;
  std::string out;
  std::string err;
};

/// The fixtures live under tests/, which the default TestFileRegex calls
/// test code: unless a fixture is about that option, it is production code.
std::string asProductionCode(std::string config) {
  if (config.find("TestFileRegex") != std::string::npos)
    return config;
  const std::string options = "CheckOptions: {";
  if (std::size_t at = config.find(options); at != std::string::npos)
    return config.insert(at + options.size(), "TestFileRegex: '^$', ");
  if (llvm::StringRef(config).trim() == "{}")
    return "{CheckOptions: {TestFileRegex: '^$'}}";
  std::size_t brace = config.find('{');
  return brace == std::string::npos ? config
                                    : config.insert(brace + 1, "CheckOptions: {TestFileRegex: '^$'}, ");
}

RunOutput run(const std::vector<std::string> &command) {
  llvm::SmallString<128> outPath, errPath;
  if (llvm::sys::fs::createTemporaryFile("fixture", "out", outPath) ||
      llvm::sys::fs::createTemporaryFile("fixture", "err", errPath))
    return RunOutput{-1, "", "cannot create temporary files"};
  std::vector<llvm::StringRef> args(command.begin(), command.end());
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, outPath.str(), errPath.str()};
  std::string error;
  int code = llvm::sys::ExecuteAndWait(command.front(), args, std::nullopt, redirects,
                                       /*SecondsToWait=*/300, 0, &error);
  RunOutput output{code, readFile(outPath), readFile(errPath)};
  (void)llvm::sys::fs::remove(outPath); // a leftover temporary file is harmless
  (void)llvm::sys::fs::remove(errPath);
  if (!error.empty())
    output.err += "\nfixture-runner: " + error;
  return output;
}

std::string commandText(const std::vector<std::string> &command) {
  std::string text;
  for (const std::string &part : command)
    text += (text.empty() ? "" : " ") + (part.find(' ') == std::string::npos ? part : "'" + part + "'");
  return text;
}

/// Opens the fixture in `threadlint lsp` as an editor would (its compile
/// command from a database the server is pointed at, the fixture's checks and
/// configuration as initialization options) and reads the findings it
/// publishes. False when the server published nothing usable.
bool publishedByLanguageServer(const std::string &threadlint, const std::string &fixturePath,
                               const std::vector<std::string> &compilerArgs,
                               const std::string &checks, const std::string &config,
                               std::vector<Finding> &actual, RunOutput &output) {
  llvm::SmallString<256> databaseDirectory;
  if (llvm::sys::fs::createUniqueDirectory("fixture-lsp", databaseDirectory))
    return false;
  llvm::SmallString<256> absolute(fixturePath);
  if (llvm::sys::fs::make_absolute(absolute))
    return false;
  std::string path(absolute);
  nlohmann::json arguments = nlohmann::json::array({"clang++"});
  for (const std::string &argument : compilerArgs)
    arguments.push_back(argument);
  arguments.push_back("-c");
  arguments.push_back(path);
  nlohmann::json database = nlohmann::json::array(
      {{{"directory", llvm::sys::path::parent_path(path).str()},
        {"file", path},
        {"arguments", arguments}}});
  llvm::SmallString<256> databaseFile(databaseDirectory);
  llvm::sys::path::append(databaseFile, "compile_commands.json");
  {
    std::error_code error;
    llvm::raw_fd_ostream out(databaseFile, error);
    if (error)
      return false;
    out << database.dump(2);
  }
  threadlint::testing::LspClient client(threadlint);
  std::string uri = threadlint::testing::fileUri(path);
  client.request(1, "initialize",
                 {{"processId", nullptr},
                  {"rootUri", nullptr},
                  {"capabilities", nlohmann::json::object()},
                  {"initializationOptions",
                   {{"checks", checks},
                    {"config", config},
                    {"compilationDatabasePath", std::string(databaseDirectory)},
                    {"debounceMs", 0}}}});
  client.response(1);
  client.notify("initialized", nlohmann::json::object());
  client.notify("textDocument/didOpen", {{"textDocument",
                                          {{"uri", uri},
                                           {"languageId", "cpp"},
                                           {"version", 1},
                                           {"text", readFile(path)}}}});
  nlohmann::json published = client.diagnosticsFor(uri);
  client.request(2, "shutdown", nullptr);
  client.response(2);
  client.notify("exit", nullptr);
  output.exitCode = client.finish();
  (void)llvm::sys::fs::remove_directories(databaseDirectory);
  for (const nlohmann::json &message : client.seen)
    output.out += message.dump() + "\n";
  if (!published.is_object() || !published.contains("params") ||
      !published["params"].contains("diagnostics"))
    return false;
  std::string name = llvm::sys::path::filename(path).str();
  for (const nlohmann::json &diagnostic : published["params"]["diagnostics"]) {
    // Columns are UTF-16 code units, which are bytes in the ASCII fixtures.
    const nlohmann::json &start = diagnostic["range"]["start"];
    actual.push_back({name, start["line"].get<unsigned>() + 1,
                      start["character"].get<unsigned>() + 1,
                      diagnostic.value("code", std::string()),
                      diagnostic.value("message", std::string()),
                      llvm::any_of(diagnostic.value("relatedInformation", nlohmann::json::array()),
                                   [&](const nlohmann::json &related) {
                                     return related["location"]["range"]["start"] == start;
                                   })});
    for (const nlohmann::json &related :
         diagnostic.value("relatedInformation", nlohmann::json::array()))
      actual.back().notes += related.value("message", std::string()) + "\n";
  }
  return output.exitCode == 0;
}

int runFixture(int argc, char **argv) {
  cl::opt<std::string> frontEnd("frontend", cl::desc("cli, tidy or lsp"), cl::Required);
  cl::opt<std::string> stdlib("stdlib", cl::desc("libstdc++ or libc++"), cl::init("libstdc++"));
  cl::opt<std::string> threadlint("threadlint", cl::desc("path of the threadlint CLI"));
  cl::opt<std::string> clangTidy("clang-tidy", cl::desc("path of clang-tidy-19"));
  cl::opt<std::string> plugin("plugin", cl::desc("path of libthreadlint-tidy.so"));
  cl::opt<std::string> fixturePath(cl::Positional, cl::desc("<fixture.cpp>"), cl::Required);
  cl::ParseCommandLineOptions(argc, argv, "threadlint fixture runner\n");

  Fixture fixture = readFixture(fixturePath);
  fixture.config = asProductionCode(fixture.config);
  std::vector<std::string> compilerArgs = fixture.compilerArgs;
  compilerArgs.push_back("-stdlib=" + stdlib);
  if (stdlib == "libc++") // libc++ 19 ships std::jthread and std::stop_token as experimental
    compilerArgs.emplace_back("-fexperimental-library");
  std::string checks = "-*," + fixture.checks;

  std::vector<std::string> command;
  if (frontEnd == "cli") {
    command = {threadlint, "--format=json", "--quiet", "--checks=" + checks,
               "--config=" + fixture.config, "--header-filter=.*", fixturePath, "--"};
  } else if (frontEnd == "tidy") {
    command = {clangTidy,          "-load=" + plugin,   "--checks=" + checks,
               "--config=" + fixture.config, "--header-filter=.*", "--quiet",
               fixturePath,        "--"};
  } else if (frontEnd == "lsp") {
    command = {threadlint, "lsp"};
  } else {
    llvm::errs() << "fixture-runner: unknown front end " << frontEnd << "\n";
    return 2;
  }
  RunOutput output;
  std::vector<Finding> actual;
  bool broken = false;
  if (frontEnd == "lsp") {
    if (!publishedByLanguageServer(threadlint, fixturePath, compilerArgs, checks, fixture.config,
                                   actual, output))
      broken = true;
    std::string mainFile = llvm::sys::path::filename(fixturePath).str();
    llvm::erase_if(fixture.expectations,
                   [&](const Expectation &expected) { return expected.finding.file != mainFile; });
  } else {
    command.insert(command.end(), compilerArgs.begin(), compilerArgs.end());
    output = run(command);
  }

  if (frontEnd == "lsp") {
    // read above
  } else if (frontEnd == "cli") {
    if (output.exitCode != 0 && output.exitCode != 1) {
      broken = true;
    } else {
      nlohmann::json report = nlohmann::json::parse(output.out, nullptr, false);
      if (report.is_discarded() || !report.contains("diagnostics")) {
        broken = true;
      } else {
        for (const auto &diagnostic : report["diagnostics"]) {
          bool explained = llvm::any_of(
              diagnostic.value("notes", nlohmann::json::array()), [&](const nlohmann::json &note) {
                return note.value("line", 0u) == diagnostic["line"] &&
                       note.value("column", 0u) == diagnostic["column"];
              });
          actual.push_back({llvm::sys::path::filename(diagnostic["file"].get<std::string>()).str(),
                            diagnostic["line"].get<unsigned>(), diagnostic["column"].get<unsigned>(),
                            diagnostic["check"].get<std::string>(),
                            diagnostic["message"].get<std::string>(), explained});
          for (const auto &note : diagnostic.value("notes", nlohmann::json::array()))
            actual.back().notes += note.value("message", std::string()) + "\n";
        }
        bool exitMatches = (output.exitCode == 1) == !actual.empty();
        if (!exitMatches) {
          llvm::errs() << "exit code " << output.exitCode << " does not match "
                       << actual.size() << " findings\n";
          broken = true;
        }
      }
    }
  } else {
    llvm::Regex line(R"(^(.*):([0-9]+):([0-9]+): (warning|error): (.*) \[([^]]+)\]$)");
    llvm::Regex noteLine(R"(^(.*):([0-9]+):([0-9]+): note: (.*)$)");
    llvm::SmallVector<llvm::StringRef> lines;
    llvm::StringRef(output.out).split(lines, '\n');
    // clang-tidy prints a warning's notes after it, but not always right
    // after it (NOLINT handling and macro notes reorder them): a note
    // belongs to the warning at its own position.
    std::map<std::string, std::string> notesAt; // file:line:column -> messages
    for (llvm::StringRef text : lines) {
      llvm::SmallVector<llvm::StringRef> groups;
      if (noteLine.match(text, &groups))
        notesAt[(llvm::sys::path::filename(groups[1]) + ":" + groups[2] + ":" + groups[3]).str()] +=
            groups[4].str() + "\n";
    }
    for (llvm::StringRef text : lines) {
      llvm::SmallVector<llvm::StringRef> groups;
      if (!line.match(text, &groups))
        continue;
      if (groups[4] == "error" && groups[6] != "clang-tidy-nolint")
        broken = true; // the fixture does not compile
      Finding finding;
      finding.file = llvm::sys::path::filename(groups[1]).str();
      groups[2].getAsInteger(10, finding.line);
      groups[3].getAsInteger(10, finding.column);
      finding.message = groups[5].str();
      finding.check = groups[6].str();
      if (auto notes = notesAt.find(finding.file + ":" + groups[2].str() + ":" + groups[3].str());
          notes != notesAt.end()) {
        finding.explained = true;
        finding.notes = notes->second;
      }
      actual.push_back(finding);
    }
    bool onlyNolintErrors = llvm::all_of(actual, [](const Finding &finding) {
      return finding.check.rfind("threadlint-", 0) == 0 || finding.check == "clang-tidy-nolint";
    });
    if (output.exitCode != 0 && !(onlyNolintErrors && llvm::any_of(actual, [](const Finding &f) {
                                    return f.check == "clang-tidy-nolint";
                                  })))
      broken = true;
  }

  if (broken) {
    llvm::errs() << "FAIL: the front end did not run cleanly (exit " << output.exitCode
                 << ")\n$ " << commandText(command) << "\n--- stdout\n"
                 << output.out << "\n--- stderr\n"
                 << output.err << "\n";
    return 1;
  }

  std::vector<bool> used(actual.size(), false);
  int failures = 0;
  for (const Expectation &expected : fixture.expectations) {
    bool found = false;
    for (std::size_t index = 0; index < actual.size(); ++index) {
      const Finding &candidate = actual[index];
      if (used[index] || candidate.file != expected.finding.file ||
          candidate.line != expected.finding.line ||
          candidate.column != expected.finding.column ||
          candidate.check != expected.finding.check ||
          (candidate.message.find(expected.finding.message) == std::string::npos &&
           candidate.notes.find(expected.finding.message) == std::string::npos))
        continue;
      used[index] = true;
      found = true;
      break;
    }
    if (!found) {
      ++failures;
      llvm::errs() << "MISSING (expected at " << expected.writtenAt << "): "
                   << expected.finding.file << ":" << expected.finding.line << ":"
                   << expected.finding.column << " [" << expected.finding.check << "] \""
                   << expected.finding.message << "\"\n";
    }
  }
  for (std::size_t index = 0; index < actual.size(); ++index) {
    if (used[index])
      continue;
    ++failures;
    const Finding &finding = actual[index];
    llvm::errs() << "UNEXPECTED: " << finding.file << ":" << finding.line << ":"
                 << finding.column << " [" << finding.check << "] " << finding.message << "\n";
  }
  // Every threadlint warning is short and explained (RULES.md: "Messages
  // are short"), whichever rule and front end reports it.
  for (const Finding &finding : actual) {
    if (finding.check.rfind("threadlint-", 0) != 0)
      continue;
    if (finding.message.size() > MaximumWarningLength) {
      ++failures;
      llvm::errs() << "TOO LONG (" << finding.message.size() << " > " << MaximumWarningLength
                   << " characters): " << finding.file << ":" << finding.line << " ["
                   << finding.check << "] " << finding.message << "\n";
    }
    if (!finding.explained) {
      ++failures;
      llvm::errs() << "NO NOTE (the consequence and the fix belong in a note at the warning): "
                   << finding.file << ":" << finding.line << " [" << finding.check << "] "
                   << finding.message << "\n";
    }
  }
  if (failures) {
    llvm::errs() << "$ " << commandText(command) << "\n";
    return 1;
  }
  llvm::outs() << "ok: " << fixture.expectations.size() << " expected findings, all found, "
               << "nothing unexpected (" << frontEnd << ", " << stdlib << ")\n";
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  try {
    return runFixture(argc, argv);
  } catch (const std::exception &error) {
    llvm::errs() << "fixture-runner: " << error.what() << "\n";
    return 2;
  }
}
