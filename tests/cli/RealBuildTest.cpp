// threadlint on real builds: GCC-built compilation databases, clang-tidy's own
// configuration keys and flags, recoverable compiler errors, report paths
// that do not depend on where the command runs, and --changed-since measured
// from the merge base.
#include "CliTestSupport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Regex.h"

#include <set>
#include <tuple>

namespace threadlint::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char *DetachSource = "#include <thread>\n"
                                     "void f(std::thread &t) {\n"
                                     "  t.detach();\n"
                                     "}\n";

/// Runs threadlint with `directory` as the working directory.
CliResult runThreadlintIn(const std::string &directory, const std::vector<std::string> &args) {
  std::string command = "cd '" + directory + "' && exec '" THREADLINT_CLI_PATH "'";
  for (const std::string &arg : args)
    command += " '" + arg + "'";
  return runProgram("/bin/sh", {"-c", command});
}

CliResult git(const std::string &directory, std::vector<std::string> args) {
  llvm::ErrorOr<std::string> program = llvm::sys::findProgramByName("git");
  EXPECT_TRUE(static_cast<bool>(program)) << "git is needed";
  std::vector<std::string> all = {"-C", directory, "-c", "user.name=t", "-c",
                                  "user.email=t@example.invalid", "-c", "init.defaultBranch=main"};
  all.insert(all.end(), args.begin(), args.end());
  return runProgram(program ? *program : "git", all);
}

// --- GCC-built databases -----------------------------------------------------

/// build/compile_commands.json compiling `source` as a GCC-built project
/// does: a GCC-only warning under -Werror, an option clang does not know.
void writeGccDatabase(const ScratchDirectory &scratch, const std::string &source) {
  nlohmann::json commands = nlohmann::json::array();
  commands.push_back({{"directory", scratch.path()},
                      {"file", source},
                      {"arguments",
                       {"/usr/bin/g++", "-std=c++20", "-Wlogical-op", "-Werror",
                        "-fconcepts-diagnostics-depth=3", "-c", source, "-o", "a.o"}}});
  scratch.write("build/compile_commands.json", commands.dump(2));
}

// A project built with GCC: warning options clang lacks under -Werror, and
// options clang does not know at all. Each used to fail every file.
TEST(GccDatabase, GccOnlyOptionsAreLeftOutAndTheFileIsAnalysed) {
  for (const std::vector<std::string> &options :
       {std::vector<std::string>{"-Wlogical-op", "-Werror"},
        std::vector<std::string>{"-Wlogical-op", "-Wduplicated-cond", "-Werror=logical-op"},
        std::vector<std::string>{"-fconcepts-diagnostics-depth=3", "-O2"},
        std::vector<std::string>{"-fanalyzer", "-Werror", "-Wall"}}) {
    ScratchDirectory scratch;
    std::string source = scratch.write("a.cpp", DetachSource);
    std::vector<std::string> args = {"--format=json", source, "--", "-std=c++20"};
    args.insert(args.end(), options.begin(), options.end());
    CliResult result = runThreadlint(args);
    ASSERT_EQ(result.exitCode, 1) << result.err;
    nlohmann::json report = result.json();
    EXPECT_EQ(report["diagnostics"].size(), 1u);
    EXPECT_TRUE(report["errors"].empty()) << report["errors"].dump();
  }
}

TEST(GccDatabase, TheReportSaysWhatWasLeftOut) {
  ScratchDirectory scratch;
  std::string source = scratch.write("a.cpp", DetachSource);
  writeGccDatabase(scratch, source);
  CliResult result = runThreadlint({"-p", scratch.file("build"), "--format=json"});
  ASSERT_EQ(result.exitCode, 1) << result.err;
  nlohmann::json report = result.json();
  ASSERT_EQ(report["notices"].size(), 1u) << report.dump();
  EXPECT_EQ(report["notices"][0]["file"], source);
  EXPECT_THAT(report["notices"][0]["message"].get<std::string>(),
              HasSubstr("-fconcepts-diagnostics-depth=3"));
  EXPECT_THAT(result.err, AllOf(HasSubstr("left out compiler options clang does not know"),
                                HasSubstr("-fconcepts-diagnostics-depth=3")));
  // A warning option clang knows only by name is not left out: -w keeps it
  // from failing the parse.
  EXPECT_THAT(report["notices"][0]["message"].get<std::string>(), Not(HasSubstr("-Wlogical-op")));
}

// clang-tidy reports the threadlint finding on the same GCC command (it also
// complains about the option it does not know: its business, not ours).
TEST(GccDatabase, ThePluginReportsTheSameFinding) {
  ScratchDirectory scratch;
  std::string source = scratch.write("a.cpp", DetachSource);
  writeGccDatabase(scratch, source);
  const std::string load = std::string("-load=") + THREADLINT_PLUGIN_PATH;
  CliResult tidy = runProgram(THREADLINT_CLANG_TIDY, {load, "--checks=-*,threadlint-*", "-p",
                                                      scratch.file("build"), source});
  EXPECT_THAT(tidy.out, HasSubstr(":3:5: warning: detaching thread 't'"));
  CliResult cli = runThreadlint({"-p", scratch.file("build"), source});
  EXPECT_EQ(cli.exitCode, 1) << cli.err;
  EXPECT_THAT(cli.out, HasSubstr(":3:5: warning: detaching thread 't'"));
}

// Like clang-tidy, findings come from the AST clang recovered; the file is
// still an error (exit 3), since the code clang could not read was not judged.
TEST(GccDatabase, RecoverableErrorsKeepTheFileFindings) {
  ScratchDirectory scratch;
  std::string source = scratch.write("a.cpp", "#include <thread>\n"
                                              "void f(std::thread &t) {\n"
                                              "  t.detach();\n"
                                              "  __builtin_only_gcc_has(t);\n"
                                              "}\n");
  CliResult result = runThreadlint({"--format=json", source, "--", "-std=c++20"});
  EXPECT_EQ(result.exitCode, 3) << result.err;
  nlohmann::json report = result.json();
  ASSERT_EQ(report["diagnostics"].size(), 1u) << report.dump();
  EXPECT_EQ(report["diagnostics"][0]["line"], 3);
  ASSERT_EQ(report["errors"].size(), 1u);
  EXPECT_THAT(report["errors"][0]["message"].get<std::string>(),
              HasSubstr("__builtin_only_gcc_has"));
}

// --- clang-tidy's configuration ------------------------------------------

TEST(ClangTidyConfiguration, OtherToolsChecksAreAcceptedOnTheCommandLine) {
  ScratchDirectory scratch;
  std::string source = scratch.write("a.cpp", DetachSource);
  CliResult result = runThreadlint({"--format=json", "--checks=-*,bugprone-*,threadlint-*",
                                    source, "--", "-std=c++20"});
  EXPECT_EQ(result.exitCode, 1) << result.err;
  EXPECT_EQ(result.json()["diagnostics"].size(), 1u);
  // A glob in threadlint's own namespace that names nothing is still a typo.
  CliResult typo = runThreadlint({"--checks=-*,threadlint-names-*", source, "--", "-std=c++20"});
  EXPECT_EQ(typo.exitCode, 2);
  EXPECT_THAT(typo.err, HasSubstr("threadlint-names-*"));
}

TEST(ClangTidyConfiguration, WarningsAsErrorsMakesErrors) {
  ScratchDirectory scratch;
  scratch.write(".clang-tidy", "WarningsAsErrors: 'threadlint-detached-thread'\n");
  std::string source = scratch.write("a.cpp", DetachSource);
  CliResult fromFile = runThreadlint({"--fail-on=error", source, "--", "-std=c++20"});
  EXPECT_EQ(fromFile.exitCode, 1) << fromFile.err;
  EXPECT_THAT(fromFile.out, HasSubstr(":3:5: error: "));

  ScratchDirectory plain;
  std::string other = plain.write("a.cpp", DetachSource);
  CliResult fromFlag = runThreadlint({"--fail-on=error", "--warnings-as-errors=threadlint-*",
                                      other, "--", "-std=c++20"});
  EXPECT_EQ(fromFlag.exitCode, 1) << fromFlag.err;
  EXPECT_THAT(fromFlag.out, HasSubstr(":3:5: error: "));
  CliResult without = runThreadlint({"--fail-on=error", other, "--", "-std=c++20"});
  EXPECT_EQ(without.exitCode, 0) << without.err;
}

TEST(ClangTidyConfiguration, ExtraArgsFromTheConfigurationReachTheParse) {
  ScratchDirectory scratch;
  scratch.write(".clang-tidy", "ExtraArgs: ['-DWITH_DETACH']\nExtraArgsBefore: ['-DUNUSED']\n");
  std::string source = scratch.write("a.cpp", "#include <thread>\n"
                                              "void f(std::thread &t) {\n"
                                              "#ifdef WITH_DETACH\n"
                                              "  t.detach();\n"
                                              "#endif\n"
                                              "}\n");
  CliResult result = runThreadlint({"--format=json", source, "--", "-std=c++20"});
  EXPECT_EQ(result.exitCode, 1) << result.err;
  EXPECT_EQ(result.json()["diagnostics"].size(), 1u);
}

TEST(ClangTidyConfiguration, HeaderKeysDecideWhichHeadersAreReported) {
  ScratchDirectory scratch;
  std::string header = "#pragma once\n#include <thread>\n"
                       "inline void g(std::thread &t) { t.detach(); }\n";
  scratch.write("include/mine.h", header);
  scratch.write("include/vendor/theirs.h", header);
  std::string source = scratch.write(
      "a.cpp", "#include \"include/mine.h\"\n#include \"include/vendor/theirs.h\"\n");
  scratch.write(".clang-tidy", "HeaderFilterRegex: '.*/include/.*'\n"
                               "ExcludeHeaderFilterRegex: '.*/vendor/.*'\n");
  CliResult result = runThreadlint({"--format=json", source, "--", "-std=c++20"});
  nlohmann::json report = result.json();
  ASSERT_EQ(report["diagnostics"].size(), 1u) << report.dump();
  EXPECT_EQ(report["diagnostics"][0]["file"], scratch.file("include/mine.h"));
}

TEST(ClangTidyConfiguration, DumpConfigPrintsWhatAppliesToAFile) {
  ScratchDirectory scratch;
  scratch.write(".clang-tidy", "Checks: '-*,threadlint-detached-thread'\n"
                               "HeaderFilterRegex: 'src/.*'\n"
                               "CheckOptions:\n  threadlint-exclusive-lock-in-reader.MinReaders: 3\n");
  std::string source = scratch.write("a.cpp", DetachSource);
  CliResult result = runThreadlint({"--dump-config", "--warnings-as-errors=threadlint-*", source,
                                    "--", "-std=c++20"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_THAT(result.out, AllOf(HasSubstr("Checks:"), HasSubstr("threadlint-detached-thread"),
                                HasSubstr("WarningsAsErrors: 'threadlint-*'"),
                                HasSubstr("HeaderFilterRegex: 'src/.*'"),
                                HasSubstr("threadlint-exclusive-lock-in-reader.MinReaders: '3'")));
}

TEST(ClangTidyConfiguration, AnUnknownFormatSaysSo) {
  CliResult result = runThreadlint({"--format=xml", "a.cpp"});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_THAT(result.err, HasSubstr("xml"));
  EXPECT_THAT(result.err, Not(HasSubstr("error: \n")));
}

/// (file, line, column, severity, check) of clang-style diagnostics.
std::set<std::tuple<std::string, int, int, std::string, std::string>>
textFindings(llvm::StringRef output) {
  std::set<std::tuple<std::string, int, int, std::string, std::string>> found;
  llvm::Regex line(R"(^(/[^:]*):([0-9]+):([0-9]+): (warning|error): .* \[([a-z-]+)(,[^]]*)?\]$)");
  llvm::SmallVector<llvm::StringRef> lines;
  output.split(lines, '\n');
  for (llvm::StringRef text : lines) {
    llvm::SmallVector<llvm::StringRef> match;
    if (!line.match(text, &match) || !match[5].starts_with("threadlint-"))
      continue;
    // clang-tidy names a header as the include spelled it (`src/../include`).
    llvm::SmallString<256> path(match[1]);
    llvm::sys::path::remove_dots(path, /*remove_dot_dot=*/true);
    found.insert({std::string(path), std::stoi(match[2].str()), std::stoi(match[3].str()),
                  match[4].str(), match[5].str()});
  }
  return found;
}

// One .clang-tidy with every key, read by the CLI and by clang-tidy-19 with
// the plugin: the same findings with the same severities.
TEST(ClangTidyConfiguration, TheCliAndTheClangTidyPluginReadOneConfigurationAlike) {
  ScratchDirectory scratch;
  scratch.write(".clang-tidy",
                "Checks: '-*,bugprone-*,threadlint-*'\n"
                "WarningsAsErrors: 'threadlint-detached-thread'\n"
                "HeaderFilterRegex: '.*/include/.*'\n"
                "ExcludeHeaderFilterRegex: '.*/include/vendor/.*'\n"
                "SystemHeaders: false\n"
                "FormatStyle: none\n"
                "CheckOptions:\n"
                "  threadlint-exclusive-lock-in-reader.MinReaders: 3\n");
  scratch.write("src/.clang-tidy", "InheritParentConfig: true\n"
                                   "Checks: '-threadlint-discarded-async,-bugprone-*'\n"
                                   "ExtraArgs: ['-DWITH_DETACH']\n"
                                   "ExtraArgsBefore: ['-DUNUSED_BEFORE']\n");
  std::string header = "#pragma once\n#include <thread>\n"
                       "inline void inHeader(std::thread &t) { t.detach(); }\n";
  scratch.write("include/mine.h", header);
  scratch.write("include/vendor/theirs.h",
                "#pragma once\n#include <thread>\n"
                "inline void inVendor(std::thread &t) { t.detach(); }\n");
  std::string source = scratch.write(
      "src/a.cpp",
      "#include \"../include/mine.h\"\n"
      "#include \"../include/vendor/theirs.h\"\n"
      "#include <future>\n#include <mutex>\n"
      "int compute();\n"
      "void f(std::thread &t) {\n"
      "#ifdef WITH_DETACH\n"
      "  t.detach();\n"
      "#endif\n"
      "  std::async(std::launch::async, compute);\n"
      "}\n"
      "class Reader {\n"
      "public:\n"
      "  int a() const { std::lock_guard<std::mutex> l(m_); return v_; }\n"
      "  int b() const { std::lock_guard<std::mutex> l(m_); return v_; }\n"
      "  void set(int v) { std::lock_guard<std::mutex> l(m_); v_ = v; }\n"
      "private:\n"
      "  mutable std::mutex m_;\n"
      "  int v_ = 0;\n"
      "};\n");
  scratch.writeDatabase({source});
  CliResult cli = runThreadlint({"-p", scratch.file("build"), "--checks=-threadlint-untimed-wait",
                                 "--use-color=false", source});
  // clang-tidy 19 takes the header keys from the configuration of the
  // directory it runs in (threadlint from the file's): run it where users do,
  // at the top of the tree, where both read the same file.
  CliResult tidy = runProgram(
      "/bin/sh", {"-c", "cd '" + scratch.path() + "' && exec '" THREADLINT_CLANG_TIDY
                        "' -load=" THREADLINT_PLUGIN_PATH " -p build "
                        "--checks=-threadlint-untimed-wait --use-color=false '" + source + "'"});
  auto fromCli = textFindings(cli.out);
  auto fromTidy = textFindings(tidy.out);
  EXPECT_EQ(fromCli, fromTidy) << "CLI:\n" << cli.out << "\nclang-tidy:\n" << tidy.out;
  // What the configuration says, so that agreement is not agreement on nothing:
  // the detach behind ExtraArgs as an error, the header filter's own header,
  // not the vendor's, not the disabled check, and no exclusive-lock-in-reader
  // finding with MinReaders 3.
  using Finding = std::tuple<std::string, int, int, std::string, std::string>;
  EXPECT_EQ(fromCli, (std::set<Finding>{
                         {source, 8, 5, "error", "threadlint-detached-thread"},
                         {scratch.file("include/mine.h"), 3, 42, "error",
                          "threadlint-detached-thread"}}))
      << cli.out << cli.err;
}

// --- Report paths independent of the working directory -------------------

TEST(SourceRoot, ReportsAreTheSameFromTheRepositoryAndFromTheBuildDirectory) {
  ScratchDirectory scratch;
  std::string source = scratch.write("src/a.cpp", DetachSource);
  scratch.writeDatabase({source});
  ASSERT_EQ(git(scratch.path(), {"init", "-q"}).exitCode, 0);
  CliResult fromTop =
      runThreadlintIn(scratch.path(), {"-p", "build", "--format=sarif", "--quiet"});
  CliResult fromBuild =
      runThreadlintIn(scratch.file("build"), {"-p", ".", "--format=sarif", "--quiet"});
  ASSERT_EQ(fromTop.exitCode, 1) << fromTop.err;
  EXPECT_EQ(fromTop.out, fromBuild.out);
  EXPECT_EQ(fromTop.json()["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
                        ["artifactLocation"]["uri"],
            "src/a.cpp");

  // A baseline written at the top matches from the build directory.
  CliResult baseline = runThreadlintIn(
      scratch.path(), {"-p", "build", "--report=json:" + scratch.file("baseline.json"), "--quiet"});
  ASSERT_EQ(baseline.exitCode, 1) << baseline.err;
  CliResult again = runThreadlintIn(scratch.file("build"),
                                    {"-p", ".", "--baseline=../baseline.json", "--format=json"});
  EXPECT_EQ(again.exitCode, 0) << again.err;
  EXPECT_EQ(again.json()["summary"]["baselined"], 1);
  EXPECT_EQ(again.json()["summary"]["staleBaseline"], 0);
}

// --- --changed-since from the merge base ----------------------------------

TEST(ChangedSince, LinesTheOtherBranchChangedAreNotThisBranchs) {
  ScratchDirectory scratch;
  const std::string &top = scratch.path();
  std::string base = "#include <thread>\n"
                     "void f(std::thread &a, std::thread &b) {\n"
                     "  a.detach();\n"
                     "}\n"
                     "void g(std::thread &c) {\n"
                     "}\n";
  std::string file = scratch.write("a.cpp", base);
  ASSERT_EQ(git(top, {"init", "-q"}).exitCode, 0);
  ASSERT_EQ(git(top, {"add", "."}).exitCode, 0);
  ASSERT_EQ(git(top, {"commit", "-q", "-m", "base"}).exitCode, 0);
  ASSERT_EQ(git(top, {"checkout", "-q", "-b", "feature"}).exitCode, 0);
  std::string feature = base;
  feature.replace(feature.find("void g(std::thread &c) {\n"), 25,
                  "void g(std::thread &c) {\n  c.detach();\n");
  scratch.write("a.cpp", feature);
  ASSERT_EQ(git(top, {"commit", "-q", "-am", "feature detaches c"}).exitCode, 0);
  // Meanwhile main rewrites line 3, which the branch never touched.
  ASSERT_EQ(git(top, {"checkout", "-q", "main"}).exitCode, 0);
  std::string onMain = base;
  onMain.replace(onMain.find("  a.detach();"), 13, "  b.detach();");
  scratch.write("a.cpp", onMain);
  ASSERT_EQ(git(top, {"commit", "-q", "-am", "main detaches b"}).exitCode, 0);
  ASSERT_EQ(git(top, {"checkout", "-q", "feature"}).exitCode, 0);

  CliResult result = runThreadlintIn(
      top, {"--format=json", "--changed-since=main", file, "--", "-std=c++20"});
  nlohmann::json report = result.json();
  ASSERT_EQ(report["diagnostics"].size(), 1u) << result.out << result.err;
  EXPECT_EQ(report["diagnostics"][0]["line"], 6);
  EXPECT_EQ(report["summary"]["outsideChangedLines"], 1);
}

} // namespace
} // namespace threadlint::testing
