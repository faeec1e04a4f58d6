// The command line's contract: exit codes, one-line reasons, reports, config.
#include "CliTestSupport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

namespace threadlint::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char *DetachSource = "#include <thread>\n"
                                     "void f(std::thread &t) {\n"
                                     "  t.detach();\n"
                                     "}\n";
constexpr const char *AsyncSource = "#include <future>\n"
                                    "int g();\n"
                                    "void h() {\n"
                                    "  std::async(std::launch::async, g);\n"
                                    "}\n";

unsigned lineCount(const std::string &text) {
  return static_cast<unsigned>(std::count(text.begin(), text.end(), '\n'));
}

TEST(Cli, ReportsPilotRulesWithLinesAndColumnsInJson) {
  ScratchDirectory scratch;
  std::string detach = scratch.write("detach.cpp", DetachSource);
  std::string async = scratch.write("async.cpp", AsyncSource);
  CliResult result =
      runThreadlint({"--format=json", "--quiet", detach, async, "--", "-std=c++20"});
  ASSERT_EQ(result.exitCode, 1) << result.err;
  nlohmann::json report = result.json();
  ASSERT_EQ(report["diagnostics"].size(), 2u);
  // Sorted by file: async.cpp before detach.cpp.
  EXPECT_EQ(report["diagnostics"][0]["check"], "threadlint-discarded-async");
  EXPECT_EQ(report["diagnostics"][0]["file"], async);
  EXPECT_EQ(report["diagnostics"][0]["line"], 4);
  EXPECT_EQ(report["diagnostics"][0]["column"], 8);
  EXPECT_EQ(report["diagnostics"][1]["check"], "threadlint-detached-thread");
  EXPECT_EQ(report["diagnostics"][1]["line"], 3);
  EXPECT_EQ(report["diagnostics"][1]["column"], 5);
  EXPECT_EQ(report["diagnostics"][1]["endColumn"], 11) << "exclusive, as in SARIF and LSP";
  EXPECT_EQ(report["summary"]["files"], 2);
  EXPECT_EQ(report["summary"]["findings"], 2);
  EXPECT_EQ(report["summary"]["byCheck"]["threadlint-detached-thread"], 1);
  EXPECT_EQ(report["tool"]["name"], "threadlint");
}

TEST(Cli, TextOutputIsClangStyleWithCaret) {
  ScratchDirectory scratch;
  std::string detach = scratch.write("detach.cpp", DetachSource);
  CliResult result = runThreadlint({detach, "--", "-std=c++20"});
  ASSERT_EQ(result.exitCode, 1) << result.err;
  EXPECT_THAT(result.out, HasSubstr(detach + ":3:5: warning: detaching thread 't'"));
  EXPECT_THAT(result.out, HasSubstr("[threadlint-detached-thread]\n  t.detach();\n    ^~~~~~\n"));
  EXPECT_THAT(result.out, Not(HasSubstr("\x1b["))) << "no colour on a pipe";
  EXPECT_THAT(result.err, HasSubstr("1 finding in 1 file"));
}

TEST(Cli, CleanCodeExitsZero) {
  ScratchDirectory scratch;
  std::string clean = scratch.write("clean.cpp", "#include <thread>\nvoid f() { std::jthread t([] {}); }\n");
  CliResult result = runThreadlint({clean, "--", "-std=c++20"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "");
}

TEST(Cli, ScansEveryFileOfTheDatabaseAndReportsAHeaderOnce) {
  ScratchDirectory scratch;
  scratch.write("shared.h", "#pragma once\n#include <thread>\n"
                            "inline void shared(std::thread &t) { t.detach(); }\n");
  std::string first = scratch.write("first.cpp", "#include \"shared.h\"\n");
  std::string second = scratch.write("second.cpp", "#include \"shared.h\"\n");
  scratch.writeDatabase({first, second});
  CliResult result =
      runThreadlint({"-p", scratch.file("build"), "--format=json", "--header-filter=.*"});
  ASSERT_EQ(result.exitCode, 1) << result.err;
  nlohmann::json report = result.json();
  EXPECT_EQ(report["summary"]["files"], 2);
  ASSERT_EQ(report["diagnostics"].size(), 1u);
  EXPECT_EQ(report["diagnostics"][0]["file"], scratch.file("shared.h"));
}

TEST(Cli, HeaderFilterNarrowsHeaders) {
  ScratchDirectory scratch;
  scratch.write("vendor/lib.h", "#pragma once\n#include <thread>\n"
                                "inline void lib(std::thread &t) { t.detach(); }\n");
  std::string main = scratch.write("main.cpp", "#include \"vendor/lib.h\"\n");
  // As in clang-tidy 19, headers are reported only through the header filter.
  CliResult byDefault = runThreadlint({"--format=json", main, "--", "-std=c++20"});
  EXPECT_EQ(byDefault.exitCode, 0) << byDefault.err;
  EXPECT_EQ(byDefault.json()["diagnostics"].size(), 0u);
  CliResult all = runThreadlint({"--format=json", "--header-filter=.*", main, "--", "-std=c++20"});
  EXPECT_EQ(all.json()["diagnostics"].size(), 1u);
  CliResult filtered = runThreadlint(
      {"--format=json", "--header-filter=.*/src/.*", main, "--", "-std=c++20"});
  EXPECT_EQ(filtered.exitCode, 0) << filtered.err;
  EXPECT_EQ(filtered.json()["diagnostics"].size(), 0u);
  CliResult excluded = runThreadlint({"--format=json", "--header-filter=.*",
                                      "--exclude-header-filter=.*/vendor/.*", main, "--",
                                      "-std=c++20"});
  EXPECT_EQ(excluded.exitCode, 0) << excluded.err;
  EXPECT_EQ(excluded.json()["diagnostics"].size(), 0u);
}

TEST(Cli, AFileThatDoesNotParseIsListedAndTheRestIsStillReported) {
  ScratchDirectory scratch;
  std::string good = scratch.write("good.cpp", DetachSource);
  std::string broken = scratch.write("broken.cpp", "this is not C++;\n");
  scratch.writeDatabase({good, broken});
  std::string output = scratch.file("report.json");
  CliResult result =
      runThreadlint({"-p", scratch.file("build"), "--format=json", "--output=" + output});
  EXPECT_EQ(result.exitCode, 3);
  EXPECT_THAT(result.err, HasSubstr("broken.cpp"));
  nlohmann::json report = nlohmann::json::parse(readText(output));
  ASSERT_EQ(report["errors"].size(), 1u);
  EXPECT_EQ(report["errors"][0]["file"], broken);
  EXPECT_THAT(report["errors"][0]["message"].get<std::string>(),
              HasSubstr("broken.cpp:1:1: expected unqualified-id"));
  ASSERT_EQ(report["diagnostics"].size(), 1u);
  EXPECT_EQ(report["diagnostics"][0]["file"], good);
}

TEST(Cli, MissingDatabaseIsAUsageError) {
  ScratchDirectory scratch;
  CliResult result = runThreadlint({"-p", scratch.file("nowhere")});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_THAT(result.err, HasSubstr("no compilation database"));
  EXPECT_EQ(lineCount(result.err), 1u) << result.err;
}

TEST(Cli, NoDatabaseAboveAFileIsAUsageError) {
  ScratchDirectory scratch;
  std::string source = scratch.write("lonely.cpp", DetachSource);
  CliResult result = runThreadlint({source});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_THAT(result.err, HasSubstr("no compilation database found"));
  EXPECT_EQ(lineCount(result.err), 1u) << result.err;
}

TEST(Cli, MalformedDatabaseIsAUsageError) {
  ScratchDirectory scratch;
  scratch.write("build/compile_commands.json", "[{\"directory\": \"/tmp\", \"file\": ");
  CliResult result = runThreadlint({"-p", scratch.file("build")});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_THAT(result.err, HasSubstr("malformed compilation database"));
  EXPECT_EQ(lineCount(result.err), 1u) << result.err;
}

TEST(Cli, WrongShapedDatabaseIsAUsageError) {
  ScratchDirectory scratch;
  scratch.write("build/compile_commands.json", "{\"file\": \"a.cpp\"}");
  CliResult result = runThreadlint({"-p", scratch.file("build")});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_THAT(result.err, HasSubstr("malformed compilation database"));
}

TEST(Cli, EmptyDatabaseIsAUsageError) {
  ScratchDirectory scratch;
  scratch.write("build/compile_commands.json", "[]");
  CliResult result = runThreadlint({"-p", scratch.file("build")});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_THAT(result.err, HasSubstr("lists no files"));
}

TEST(Cli, UnknownCheckIsAUsageError) {
  ScratchDirectory scratch;
  std::string source = scratch.write("a.cpp", DetachSource);
  CliResult result = runThreadlint({"--checks=threadlint-no-such-check", source, "--", "-std=c++20"});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_THAT(result.err, HasSubstr("'threadlint-no-such-check' matches no threadlint check"));
  EXPECT_EQ(lineCount(result.err), 1u) << result.err;
}

TEST(Cli, UnknownOptionIsAUsageError) {
  CliResult result = runThreadlint({"--no-such-option"});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_THAT(result.err, HasSubstr("threadlint: error:"));
  EXPECT_EQ(lineCount(result.err), 1u) << result.err;
}

TEST(Cli, ChecksGlobsSelectRules) {
  ScratchDirectory scratch;
  std::string detach = scratch.write("detach.cpp", DetachSource);
  std::string async = scratch.write("async.cpp", AsyncSource);
  CliResult result = runThreadlint({"--format=json", "--checks=-*,threadlint-discarded-async",
                                    detach, async, "--", "-std=c++20"});
  ASSERT_EQ(result.exitCode, 1) << result.err;
  nlohmann::json report = result.json();
  ASSERT_EQ(report["diagnostics"].size(), 1u);
  EXPECT_EQ(report["diagnostics"][0]["check"], "threadlint-discarded-async");
}

TEST(Cli, ClangTidyFilesAreReadHierarchically) {
  ScratchDirectory scratch;
  scratch.write(".clang-tidy", "Checks: '-threadlint-discarded-async'\n");
  std::string top = scratch.write("top.cpp", std::string(DetachSource) + AsyncSource);
  scratch.write("inherit/.clang-tidy", "InheritParentConfig: true\nChecks: '-threadlint-detached-thread'\n");
  std::string inherited = scratch.write("inherit/a.cpp", std::string(DetachSource) + AsyncSource);
  scratch.write("reset/.clang-tidy", "Checks:\n  - '-*'\n  - 'threadlint-discarded-async'\n");
  std::string reset = scratch.write("reset/a.cpp", std::string(DetachSource) + AsyncSource);

  auto checksReported = [](const CliResult &result) {
    std::set<std::string> checks;
    EXPECT_LE(result.exitCode, 1) << result.err;
    nlohmann::json report = result.json();
    for (const auto &diagnostic : report["diagnostics"])
      checks.insert(diagnostic["check"].get<std::string>());
    return checks;
  };
  EXPECT_EQ(checksReported(runThreadlint({"--format=json", top, "--", "-std=c++20"})),
            std::set<std::string>{"threadlint-detached-thread"});
  EXPECT_EQ(checksReported(runThreadlint({"--format=json", inherited, "--", "-std=c++20"})),
            std::set<std::string>{});
  EXPECT_EQ(checksReported(runThreadlint({"--format=json", reset, "--", "-std=c++20"})),
            std::set<std::string>{"threadlint-discarded-async"});
  // --checks is appended after the files' Checks, as in clang-tidy.
  EXPECT_EQ(checksReported(runThreadlint({"--format=json", "--checks=threadlint-*", inherited,
                                          "--", "-std=c++20"})),
            (std::set<std::string>{"threadlint-detached-thread", "threadlint-discarded-async"}));
}

TEST(Cli, MalformedClangTidyFileIsAUsageError) {
  ScratchDirectory scratch;
  scratch.write(".clang-tidy", "Checks: [unterminated\n");
  std::string source = scratch.write("a.cpp", DetachSource);
  CliResult result = runThreadlint({source, "--", "-std=c++20"});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_THAT(result.err, AllOf(HasSubstr(".clang-tidy"), HasSubstr("line")));
  EXPECT_EQ(lineCount(result.err), 1u) << result.err;
}

TEST(Cli, WrongShapedClangTidyFileIsAUsageError) {
  ScratchDirectory scratch;
  scratch.write(".clang-tidy", "CheckOptions: 42\n");
  std::string source = scratch.write("a.cpp", DetachSource);
  CliResult result = runThreadlint({source, "--", "-std=c++20"});
  EXPECT_EQ(result.exitCode, 2);
  // clang-tidy's own parser words the error.
  EXPECT_THAT(result.err, AllOf(HasSubstr(".clang-tidy: line 1:"), HasSubstr("map")));
}

TEST(Cli, MissingConfigFileIsAUsageError) {
  ScratchDirectory scratch;
  std::string source = scratch.write("a.cpp", DetachSource);
  CliResult result = runThreadlint(
      {"--config-file=" + scratch.file("missing.yaml"), source, "--", "-std=c++20"});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_THAT(result.err, HasSubstr("cannot read"));
}

TEST(Cli, OutputIsWrittenWholeOrNotAtAll) {
  ScratchDirectory scratch;
  std::string source = scratch.write("a.cpp", DetachSource);
  scratch.write("blocker", "a file where a directory should be");
  std::string unwritable = scratch.file("blocker/report.json");
  CliResult failed =
      runThreadlint({"--format=json", "--output=" + unwritable, source, "--", "-std=c++20"});
  EXPECT_EQ(failed.exitCode, 2);
  EXPECT_FALSE(fileExists(unwritable));

  std::string output = scratch.file("reports/new/report.json");
  CliResult written = runThreadlint({"--report=json:" + output, source, "--", "-std=c++20"});
  EXPECT_EQ(written.exitCode, 1);
  EXPECT_THAT(written.out, HasSubstr("warning: detaching thread"));
  nlohmann::json report = nlohmann::json::parse(readText(output));
  EXPECT_EQ(report["summary"]["findings"], 1);
}

TEST(Cli, ADirectoryNamedAsAFileIsAnError) {
  ScratchDirectory scratch;
  scratch.write("dir.cpp/placeholder", "");
  CliResult result = runThreadlint({"--format=json", scratch.file("dir.cpp"), "--", "-std=c++20"});
  EXPECT_EQ(result.exitCode, 3);
  EXPECT_THAT(result.json()["errors"][0]["message"].get<std::string>(), HasSubstr("directory"));
}

TEST(Cli, ListChecksExplainVersionHelp) {
  CliResult list = runThreadlint({"--list-checks"});
  EXPECT_EQ(list.exitCode, 0);
  EXPECT_THAT(list.out, AllOf(HasSubstr("threadlint-detached-thread"),
                              HasSubstr("threadlint-discarded-async")));

  CliResult explain = runThreadlint({"--explain=threadlint-discarded-async"});
  EXPECT_EQ(explain.exitCode, 0);
  EXPECT_THAT(explain.out, AllOf(HasSubstr("# threadlint-discarded-async"), HasSubstr("## Why")));

  CliResult unknown = runThreadlint({"--explain=threadlint-nope"});
  EXPECT_EQ(unknown.exitCode, 2);

  CliResult version = runThreadlint({"--version"});
  EXPECT_EQ(version.exitCode, 0);
  EXPECT_THAT(version.out, AllOf(HasSubstr("threadlint 0."), HasSubstr("LLVM 19")));

  CliResult help = runThreadlint({"--help"});
  EXPECT_EQ(help.exitCode, 0);
  EXPECT_THAT(help.out, AllOf(HasSubstr("--checks"), HasSubstr("Exit codes")));
  EXPECT_THAT(help.out, Not(HasSubstr("--x86-"))) << "LLVM's own options are hidden";
}

TEST(Cli, NolintWorksInTheCli) {
  ScratchDirectory scratch;
  std::string source = scratch.write("a.cpp", "#include <thread>\n"
                                              "void f(std::thread &a, std::thread &b) {\n"
                                              "  a.detach(); // NOLINT(threadlint-detached-thread)\n"
                                              "  b.detach(); // NOLINT(other-check)\n"
                                              "}\n");
  CliResult result = runThreadlint({"--format=json", source, "--", "-std=c++20"});
  ASSERT_EQ(result.json()["diagnostics"].size(), 1u);
  EXPECT_EQ(result.json()["diagnostics"][0]["line"], 4);
}

TEST(Cli, ReportsValidateAgainstTheSchema) {
  ScratchDirectory scratch;
  std::string good = scratch.write("good.cpp", std::string(DetachSource) + AsyncSource);
  std::string broken = scratch.write("broken.cpp", "int x = ;\n");
  scratch.writeDatabase({good, broken});
  std::string output = scratch.file("report.json");
  CliResult scan = runThreadlint({"-p", scratch.file("build"), "--report=json:" + output});
  ASSERT_EQ(scan.exitCode, 3) << scan.err;
  CliResult validation = runProgram(
      "/usr/bin/python3",
      {"-c",
       "import json, sys, jsonschema\n"
       "schema = json.load(open(sys.argv[1]))\n"
       "jsonschema.Draft202012Validator.check_schema(schema)\n"
       "report = json.load(open(sys.argv[2]))\n"
       "jsonschema.Draft202012Validator(schema).validate(report)\n"
       "assert report['diagnostics'] and report['errors']\n",
       THREADLINT_REPORT_SCHEMA, output});
  EXPECT_EQ(validation.exitCode, 0) << validation.err;
}

} // namespace
} // namespace threadlint::testing

namespace threadlint::testing {
namespace {

TEST(Plugin, EveryRuleIsItsOwnClangTidyCheck) {
  CliResult list = runProgram(THREADLINT_CLANG_TIDY,
                              {"-load=" THREADLINT_PLUGIN_PATH, "-checks=-*,threadlint-*",
                               "--list-checks"});
  ASSERT_EQ(list.exitCode, 0) << list.err;
  CliResult cli = runThreadlint({"--list-checks"});
  // Every check the CLI knows is listed by clang-tidy too, by the same name.
  llvm::SmallVector<llvm::StringRef> lines;
  llvm::StringRef(cli.out).split(lines, '\n', -1, false);
  unsigned checks = 0;
  for (llvm::StringRef line : lines) {
    llvm::StringRef id = line.trim().split(' ').first;
    if (!id.starts_with("threadlint-"))
      continue;
    ++checks;
    EXPECT_THAT(list.out, HasSubstr("    " + id.str() + "\n"));
  }
  EXPECT_GE(checks, 2u);
}

TEST(Plugin, OneCheckCanBeSelectedAndNolintIsHonoured) {
  ScratchDirectory scratch;
  std::string source = scratch.write("a.cpp", "#include <thread>\n#include <future>\n"
                                              "int g();\n"
                                              "void f(std::thread &a, std::thread &b) {\n"
                                              "  a.detach();\n"
                                              "  b.detach(); // NOLINT(threadlint-detached-thread)\n"
                                              "  std::async(std::launch::async, g);\n"
                                              "}\n");
  CliResult result = runProgram(THREADLINT_CLANG_TIDY,
                                {std::string("-load=") + THREADLINT_PLUGIN_PATH,
                                 "-checks=-*,threadlint-detached-thread", source, "--",
                                 "-std=c++20"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr(source + ":5:5: warning: detaching thread 'a'"));
  EXPECT_THAT(result.out, Not(HasSubstr(":6:5:")));
  EXPECT_THAT(result.out, Not(HasSubstr("threadlint-discarded-async")));
}

} // namespace
} // namespace threadlint::testing

namespace threadlint::testing {
namespace {

TEST(Cli, FixItsAppearInTextAndJson) {
  ScratchDirectory scratch;
  std::string source = scratch.write("a.cpp", "#include <future>\n"
                                              "int g();\n"
                                              "int h() { return std::async(g).get(); }\n");
  CliResult json = runThreadlint({"--format=json", "--checks=-*,threadlint-async-launch-policy",
                                  source, "--", "-std=c++20"});
  ASSERT_EQ(json.exitCode, 1) << json.err;
  nlohmann::json report = json.json();
  ASSERT_EQ(report["diagnostics"].size(), 1u);
  const nlohmann::json &fixes = report["diagnostics"][0]["fixes"];
  ASSERT_EQ(fixes.size(), 1u);
  EXPECT_EQ(fixes[0]["replacement"], "std::launch::async, ");
  EXPECT_EQ(fixes[0]["length"], 0);
  EXPECT_EQ(fixes[0]["line"], 3);
  EXPECT_EQ(fixes[0]["column"], 29);
  EXPECT_EQ(fixes[0]["offset"], 18 + 9 + 28); // two lines before, 28 columns in

  CliResult text = runThreadlint(
      {"--checks=-*,threadlint-async-launch-policy", source, "--", "-std=c++20"});
  EXPECT_THAT(text.out, HasSubstr(source + ":3:29: note: fix-it: insert 'std::launch::async, '"));
}

} // namespace
} // namespace threadlint::testing

namespace threadlint::testing {
namespace {

// Every rule family's header findings are reported once per scan, however
// many translation units include the header.
TEST(Cli, HeaderFindingsOfEveryFamilyAreReportedOnce) {
  ScratchDirectory scratch;
  scratch.write("service.h", "#pragma once\n"
                             "#include <mutex>\n#include <thread>\n#include <unistd.h>\n"
                             "class Service {\n"
                             "public:\n"
                             "  void tick() {\n"
                             "    std::lock_guard<std::mutex> lock(mutex_);\n"
                             "    ++ticks_;\n"
                             "    ::sleep(1);\n"
                             "  }\n"
                             "  int a() const { std::lock_guard<std::mutex> l(mutex_); return ticks_; }\n"
                             "  int b() const { std::lock_guard<std::mutex> l(mutex_); return ticks_; }\n"
                             "private:\n"
                             "  mutable std::mutex mutex_;\n"
                             "  int ticks_ = 0;\n"
                             "  std::thread worker_;\n"
                             "};\n");
  std::string first = scratch.write("first.cpp", "#include \"service.h\"\nvoid one(Service &s) { s.tick(); }\n");
  std::string second = scratch.write("second.cpp", "#include \"service.h\"\nvoid two(Service &s) { s.tick(); }\n");
  scratch.writeDatabase({first, second});
  CliResult result =
      runThreadlint({"-p", scratch.file("build"), "--format=json", "--header-filter=.*"});
  ASSERT_EQ(result.exitCode, 1) << result.err;
  nlohmann::json report = result.json();
  std::map<std::string, int> byCheck;
  for (const auto &diagnostic : report["diagnostics"])
    ++byCheck[diagnostic["check"].get<std::string>()];
  EXPECT_EQ(byCheck["threadlint-blocking-under-lock"], 1);
  EXPECT_EQ(byCheck["threadlint-exclusive-lock-in-reader"], 2); // a() and b()
  EXPECT_EQ(byCheck["threadlint-unjoined-thread-member"], 1);
  EXPECT_EQ(report["summary"]["files"], 2);
}

} // namespace
} // namespace threadlint::testing
