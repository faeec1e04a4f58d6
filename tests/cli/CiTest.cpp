// threadlint in CI: SARIF, several reports, baselines, changed lines, fix-its
// in the CLI, the failing policy and CMake's CMAKE_CXX_CLANG_TIDY convention.
#include "CliTestSupport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "llvm/Support/Program.h"

namespace threadlint::testing {
namespace {

using ::testing::HasSubstr;

constexpr const char *DetachSource = "#include <thread>\n"
                                     "void f(std::thread &t) {\n"
                                     "  t.detach();\n"
                                     "}\n";
constexpr const char *DeferredSource = "#include <future>\n"
                                       "int compute();\n"
                                       "int run() {\n"
                                       "  auto a = std::async(compute);\n"
                                       "  return a.get();\n"
                                       "}\n";
// A finding with a note: the lock held around a sleep.
constexpr const char *SleepUnderLockSource =
    "#include <chrono>\n"
    "#include <mutex>\n"
    "#include <thread>\n"
    "std::mutex m;\n"
    "void f() {\n"
    "  std::lock_guard<std::mutex> g(m);\n"
    "  std::this_thread::sleep_for(std::chrono::seconds(1));\n"
    "}\n";

std::string withLinesAbove(const std::string &source, unsigned count) {
  std::string padding;
  for (unsigned line = 0; line < count; ++line)
    padding += "// an unrelated edit\n";
  return padding + source;
}

CliResult git(const ScratchDirectory &scratch, std::vector<std::string> args) {
  llvm::ErrorOr<std::string> program = llvm::sys::findProgramByName("git");
  EXPECT_TRUE(static_cast<bool>(program)) << "git is needed for --changed-since";
  std::vector<std::string> all = {"-C", scratch.path(), "-c", "user.name=t",
                                  "-c", "user.email=t@example.invalid"};
  all.insert(all.end(), args.begin(), args.end());
  return runProgram(program ? *program : "git", all);
}

// --- SARIF ---------------------------------------------------------------

TEST(Sarif, DescribesTheToolEveryEnabledRuleAndEachResult) {
  ScratchDirectory scratch;
  std::string sleep = scratch.write("src/sleep.cpp", SleepUnderLockSource);
  std::string deferred = scratch.write("src/deferred.cpp", DeferredSource);
  CliResult result = runThreadlint({"--format=sarif", "--quiet", "--source-root=" + scratch.path(),
                                    "--checks=-threadlint-untimed-wait", sleep, deferred, "--",
                                    "-std=c++20"});
  ASSERT_EQ(result.exitCode, 1) << result.err;
  nlohmann::json sarif = result.json();
  EXPECT_EQ(sarif["version"], "2.1.0");
  const nlohmann::json &run = sarif["runs"][0];
  const nlohmann::json &driver = run["tool"]["driver"];
  EXPECT_EQ(driver["name"], "threadlint");
  EXPECT_FALSE(driver["version"].get<std::string>().empty());
  EXPECT_THAT(driver["informationUri"].get<std::string>(), HasSubstr("https://"));
  CliResult listed = runThreadlint({"--list-checks", "--checks=-threadlint-untimed-wait"});
  unsigned enabled = 0;
  for (const nlohmann::json &rule : driver["rules"]) {
    ++enabled;
    EXPECT_THAT(listed.out, HasSubstr(rule["id"].get<std::string>()));
    EXPECT_FALSE(rule["shortDescription"]["text"].get<std::string>().empty());
    EXPECT_FALSE(rule["fullDescription"]["text"].get<std::string>().empty());
    EXPECT_THAT(rule["help"]["markdown"].get<std::string>(), HasSubstr("## Bad"));
    EXPECT_THAT(rule["helpUri"].get<std::string>(),
                HasSubstr("docs/rules/" + rule["id"].get<std::string>() + ".md"));
    EXPECT_EQ(rule["defaultConfiguration"]["level"], "warning");
  }
  EXPECT_EQ(enabled, static_cast<unsigned>(std::count(listed.out.begin(), listed.out.end(), '\n')) - 1)
      << "every enabled rule, and only those";

  EXPECT_EQ(run["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file://" + scratch.path() + "/");
  ASSERT_EQ(run["results"].size(), 2u);
  for (const nlohmann::json &finding : run["results"]) {
    const nlohmann::json &rule = driver["rules"][finding["ruleIndex"].get<std::size_t>()];
    EXPECT_EQ(finding["ruleId"], rule["id"]);
    const nlohmann::json &location = finding["locations"][0]["physicalLocation"];
    EXPECT_EQ(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    EXPECT_THAT(location["artifactLocation"]["uri"].get<std::string>(), HasSubstr("src/"));
    EXPECT_GE(location["region"]["endColumn"].get<int>(), location["region"]["startColumn"].get<int>());
    EXPECT_EQ(finding["partialFingerprints"]["threadlint/v1"].get<std::string>().size(), 16u);
  }
  // deferred.cpp sorts first: a fix; then sleep.cpp: a note as related location.
  const nlohmann::json &deferredResult = run["results"][0];
  EXPECT_EQ(deferredResult["ruleId"], "threadlint-async-launch-policy");
  EXPECT_EQ(deferredResult["locations"][0]["physicalLocation"]["region"]["startLine"], 4);
  const nlohmann::json &replacement =
      deferredResult["fixes"][0]["artifactChanges"][0]["replacements"][0];
  EXPECT_EQ(replacement["insertedContent"]["text"], "std::launch::async, ");
  const nlohmann::json &sleepResult = run["results"][1];
  EXPECT_EQ(sleepResult["ruleId"], "threadlint-blocking-under-lock");
  // The explanation at the warning itself (line 7), then where the lock is
  // taken (line 6).
  ASSERT_EQ(sleepResult["relatedLocations"].size(), 2u);
  EXPECT_EQ(sleepResult["relatedLocations"][0]["physicalLocation"]["region"]["startLine"], 7);
  EXPECT_THAT(sleepResult["relatedLocations"][0]["message"]["text"].get<std::string>(),
              HasSubstr("outside the critical section"));
  EXPECT_EQ(sleepResult["relatedLocations"][1]["physicalLocation"]["region"]["startLine"], 6);
}

TEST(Sarif, FingerprintsSurviveUnrelatedEditsAndColumnsCountUtf16) {
  ScratchDirectory scratch;
  std::string file = scratch.write("a.cpp", DetachSource);
  auto fingerprint = [&] {
    nlohmann::json sarif =
        runThreadlint({"--format=sarif", "--quiet", file, "--", "-std=c++20"}).json();
    return sarif["runs"][0]["results"][0]["partialFingerprints"]["threadlint/v1"];
  };
  nlohmann::json before = fingerprint();
  scratch.write("a.cpp", withLinesAbove(DetachSource, 5));
  EXPECT_EQ(fingerprint(), before);
  scratch.write("a.cpp", "#include <thread>\nvoid f(std::thread &t) {\n  /*é*/ t.detach();\n}\n");
  nlohmann::json sarif = runThreadlint({"--format=sarif", "--quiet", file, "--", "-std=c++20"}).json();
  // `é` is two bytes but one UTF-16 code unit: byte column 12, SARIF column 11.
  EXPECT_EQ(sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"], 11);
  nlohmann::json json = runThreadlint({"--format=json", "--quiet", file, "--", "-std=c++20"}).json();
  EXPECT_EQ(json["diagnostics"][0]["column"], 12);
}

TEST(Sarif, AFileThatDoesNotParseIsAToolNotification) {
  ScratchDirectory scratch;
  std::string broken = scratch.write("broken.cpp", "this is not C++;\n");
  CliResult result = runThreadlint({"--format=sarif", "--quiet", broken, "--", "-std=c++20"});
  EXPECT_EQ(result.exitCode, 3);
  nlohmann::json sarif = result.json();
  const nlohmann::json &invocation = sarif["runs"][0]["invocations"][0];
  EXPECT_EQ(invocation["executionSuccessful"], false);
  EXPECT_EQ(invocation["toolExecutionNotifications"][0]["level"], "error");
}

TEST(Reports, SeveralFormatsInOneRunNextToTextOnStdout) {
  ScratchDirectory scratch;
  std::string file = scratch.write("a.cpp", DetachSource);
  std::string json = scratch.file("out/report.json"), sarif = scratch.file("out/report.sarif");
  CliResult result = runThreadlint({"--report=json:" + json, "--report=sarif:" + sarif, file, "--",
                                    "-std=c++20"});
  EXPECT_EQ(result.exitCode, 1) << result.err;
  EXPECT_THAT(result.out, HasSubstr("a.cpp:3:5: warning:"));
  EXPECT_EQ(nlohmann::json::parse(readText(json))["summary"]["findings"], 1);
  EXPECT_EQ(nlohmann::json::parse(readText(sarif))["runs"][0]["results"].size(), 1u);
}

TEST(Reports, AnUnwritableReportIsAUsageErrorAndLeavesNoPartialFile) {
  ScratchDirectory scratch;
  std::string file = scratch.write("a.cpp", DetachSource);
  scratch.write("blocker", "a file where a directory should be");
  CliResult result = runThreadlint(
      {"--report=sarif:" + scratch.file("blocker/r.sarif"), file, "--", "-std=c++20"});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_THAT(result.err, HasSubstr("cannot write"));
  EXPECT_FALSE(fileExists(scratch.file("blocker/r.sarif")));
}

// --- Baselines -----------------------------------------------------------

TEST(Baseline, KnownFindingsStaySuppressedWhenLinesMoveAndNewOnesAreReported) {
  ScratchDirectory scratch;
  std::string file = scratch.write("src/a.cpp", DetachSource);
  std::string baseline = scratch.file("baseline.json");
  CliResult first = runThreadlint({"--report=json:" + baseline, "--source-root=" + scratch.path(),
                                   file, "--", "-std=c++20"});
  ASSERT_EQ(first.exitCode, 1) << first.err;

  // Lines added above the known finding, and a new finding below it.
  scratch.write("src/a.cpp", withLinesAbove(DetachSource, 3) +
                                 "void g(std::thread &u) { u.detach(); }\n");
  CliResult second = runThreadlint({"--format=json", "--baseline=" + baseline,
                                    "--source-root=" + scratch.path(), file, "--", "-std=c++20"});
  EXPECT_EQ(second.exitCode, 1) << second.err;
  nlohmann::json report = second.json();
  ASSERT_EQ(report["diagnostics"].size(), 1u);
  EXPECT_EQ(report["diagnostics"][0]["line"], 8) << "only the new finding";
  EXPECT_EQ(report["summary"]["baselined"], 1);
  EXPECT_EQ(report["summary"]["staleBaseline"], 0);
  EXPECT_THAT(second.err, HasSubstr("1 in the baseline"));
}

TEST(Baseline, AFixedFindingLeavesAStaleEntryReportedNotAnError) {
  ScratchDirectory scratch;
  std::string file = scratch.write("a.cpp", DetachSource);
  std::string baseline = scratch.file("baseline.json");
  runThreadlint({"--report=json:" + baseline, file, "--", "-std=c++20"});
  scratch.write("a.cpp", "#include <thread>\nvoid f(std::thread &t) { t.join(); }\n");
  CliResult result = runThreadlint({"--baseline=" + baseline, file, "--", "-std=c++20"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("1 baseline entry no longer found"));
}

TEST(Baseline, MatchesAcrossCheckoutsThroughTheSourceRoot) {
  ScratchDirectory first, second;
  std::string baseline = first.file("baseline.json");
  runThreadlint({"--report=json:" + baseline, "--source-root=" + first.path(),
                 first.write("a.cpp", DetachSource), "--", "-std=c++20"});
  CliResult result =
      runThreadlint({"--format=json", "--baseline=" + baseline, "--source-root=" + second.path(),
                     second.write("a.cpp", DetachSource), "--", "-std=c++20"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.json()["summary"]["baselined"], 1);
}

TEST(Baseline, AnUnreadableOrMalformedBaselineIsAUsageError) {
  ScratchDirectory scratch;
  std::string file = scratch.write("a.cpp", DetachSource);
  CliResult missing =
      runThreadlint({"--baseline=" + scratch.file("none.json"), file, "--", "-std=c++20"});
  EXPECT_EQ(missing.exitCode, 2);
  EXPECT_THAT(missing.err, HasSubstr("cannot read baseline"));
  std::string bad = scratch.write("bad.json", "{\"tool\": 3}");
  CliResult malformed = runThreadlint({"--baseline=" + bad, file, "--", "-std=c++20"});
  EXPECT_EQ(malformed.exitCode, 2);
  EXPECT_THAT(malformed.err, HasSubstr("not a threadlint JSON report"));
}

// --- Changed lines -------------------------------------------------------

TEST(ChangedLines, OnlyFindingsOnLinesChangedSinceARevisionAreReported) {
  ScratchDirectory scratch;
  std::string file = scratch.write("a.cpp", DetachSource);
  ASSERT_EQ(git(scratch, {"init", "-q"}).exitCode, 0);
  ASSERT_EQ(git(scratch, {"add", "."}).exitCode, 0);
  ASSERT_EQ(git(scratch, {"commit", "-q", "-m", "base"}).exitCode, 0);
  scratch.write("a.cpp", std::string(DetachSource) + "void g(std::thread &u) { u.detach(); }\n");
  std::string untracked = scratch.write("b.cpp", DetachSource);

  CliResult result = runThreadlint({"--format=json", "--changed-since=HEAD",
                                    "--source-root=" + scratch.path(), file, untracked, "--",
                                    "-std=c++20"});
  EXPECT_EQ(result.exitCode, 1) << result.err;
  nlohmann::json report = result.json();
  ASSERT_EQ(report["diagnostics"].size(), 2u);
  EXPECT_EQ(report["diagnostics"][0]["line"], 5) << "the added line of a.cpp";
  EXPECT_EQ(report["diagnostics"][1]["file"], untracked) << "an untracked file counts as changed";
  EXPECT_EQ(report["summary"]["outsideChangedLines"], 1);

  CliResult clean = runThreadlint({"--changed-since=HEAD", "--source-root=" + scratch.path(), file,
                                   "--", "-std=c++20"});
  git(scratch, {"add", "."});
  git(scratch, {"commit", "-q", "-m", "next"});
  CliResult unchanged = runThreadlint({"--changed-since=HEAD", "--source-root=" + scratch.path(),
                                       file, "--", "-std=c++20"});
  EXPECT_EQ(unchanged.exitCode, 0) << "nothing changed: nothing reported";
  CliResult badRevision = runThreadlint({"--changed-since=no-such-rev",
                                         "--source-root=" + scratch.path(), file, "--", "-std=c++20"});
  EXPECT_EQ(badRevision.exitCode, 2);
  EXPECT_THAT(badRevision.err, HasSubstr("--changed-since"));
}

TEST(ChangedLines, AChangedHeaderIsReportedThroughTheFilesThatIncludeIt) {
  ScratchDirectory scratch;
  scratch.write("shared.h", "#pragma once\n#include <thread>\n"
                            "inline void old(std::thread &t) { t.detach(); }\n");
  std::string user = scratch.write("user.cpp", "#include \"shared.h\"\n");
  ASSERT_EQ(git(scratch, {"init", "-q"}).exitCode, 0);
  git(scratch, {"add", "."});
  ASSERT_EQ(git(scratch, {"commit", "-q", "-m", "base"}).exitCode, 0);
  scratch.write("shared.h", "#pragma once\n#include <thread>\n"
                            "inline void old(std::thread &t) { t.detach(); }\n"
                            "inline void added(std::thread &t) { t.detach(); }\n");
  CliResult result =
      runThreadlint({"--format=json", "--changed-since=HEAD", "--header-filter=.*",
                     "--source-root=" + scratch.path(), user, "--", "-std=c++20"});
  nlohmann::json report = result.json();
  ASSERT_EQ(report["diagnostics"].size(), 1u) << result.out;
  EXPECT_EQ(report["diagnostics"][0]["file"], scratch.file("shared.h"));
  EXPECT_EQ(report["diagnostics"][0]["line"], 4);
}

TEST(ChangedLines, LineFilterUsesClangTidySyntax) {
  ScratchDirectory scratch;
  std::string file = scratch.write("a.cpp", std::string(DetachSource) +
                                               "void g(std::thread &u) { u.detach(); }\n");
  CliResult onlyFive = runThreadlint({"--format=json", R"(--line-filter=[{"name":"a.cpp","lines":[[5,9]]}])",
                                      file, "--", "-std=c++20"});
  ASSERT_EQ(onlyFive.json()["diagnostics"].size(), 1u);
  EXPECT_EQ(onlyFive.json()["diagnostics"][0]["line"], 5);
  CliResult wholeFile = runThreadlint(
      {"--format=json", R"(--line-filter=[{"name":"a.cpp"}])", file, "--", "-std=c++20"});
  EXPECT_EQ(wholeFile.json()["diagnostics"].size(), 2u);
  CliResult otherFile = runThreadlint(
      {"--format=json", R"(--line-filter=[{"name":"other.cpp"}])", file, "--", "-std=c++20"});
  EXPECT_EQ(otherFile.exitCode, 0);
  CliResult malformed = runThreadlint({"--line-filter={oops", file, "--", "-std=c++20"});
  EXPECT_EQ(malformed.exitCode, 2);
  EXPECT_THAT(malformed.err, HasSubstr("--line-filter"));
}

// --- Fix-its -------------------------------------------------------------

TEST(Fixes, FixAppliesFixItsInPlaceAndSaysWhatChanged) {
  ScratchDirectory scratch;
  std::string file = scratch.write("a.cpp", DeferredSource);
  const std::string checks = "--checks=-*,threadlint-async-launch-policy";
  CliResult result = runThreadlint({"--fix", checks, file, "--", "-std=c++20"});
  EXPECT_EQ(result.exitCode, 1) << "the findings were there when scanned";
  EXPECT_THAT(result.err, HasSubstr("fixed " + file + " (1 edit)"));
  EXPECT_THAT(readText(file), HasSubstr("std::async(std::launch::async, compute)"));
  CliResult again = runThreadlint({checks, file, "--", "-std=c++20"});
  EXPECT_EQ(again.exitCode, 0) << again.out;
}

TEST(Fixes, ExportedFixesAreAppliedByClangApplyReplacements) {
  ScratchDirectory scratch;
  std::string file = scratch.write("a.cpp", DeferredSource);
  std::string fixes = scratch.file("fixes/a.yaml");
  CliResult result = runThreadlint({"--export-fixes=" + fixes,
                                    "--checks=-*,threadlint-async-launch-policy", file, "--",
                                    "-std=c++20"});
  EXPECT_EQ(result.exitCode, 1) << result.err;
  std::string yaml = readText(fixes);
  EXPECT_THAT(yaml, HasSubstr("DiagnosticName:  threadlint-async-launch-policy"));
  EXPECT_EQ(readText(file), DeferredSource) << "export alone changes nothing";
  CliResult applied = runProgram(THREADLINT_CLANG_APPLY_REPLACEMENTS, {scratch.file("fixes")});
  ASSERT_EQ(applied.exitCode, 0) << applied.err;
  EXPECT_THAT(readText(file), HasSubstr("std::async(std::launch::async, compute)"));
}

// --- Failing policy and build-system convention --------------------------

TEST(FailOn, DecidesTheExitCode) {
  ScratchDirectory scratch;
  std::string file = scratch.write("a.cpp", DetachSource);
  EXPECT_EQ(runThreadlint({"--fail-on=warning", file, "--", "-std=c++20"}).exitCode, 1);
  EXPECT_EQ(runThreadlint({"--fail-on=error", file, "--", "-std=c++20"}).exitCode, 0);
  EXPECT_EQ(runThreadlint({"--fail-on=none", file, "--", "-std=c++20"}).exitCode, 0);
  std::string broken = scratch.write("broken.cpp", "this is not C++;\n");
  EXPECT_EQ(runThreadlint({"--fail-on=none", broken, "--", "-std=c++20"}).exitCode, 3)
      << "a file that does not parse is never a pass";
  CliResult bad = runThreadlint({"--fail-on=sometimes", file, "--", "-std=c++20"});
  EXPECT_EQ(bad.exitCode, 2);
}

TEST(BuildConvention, AcceptsCMakesClangTidyCallingConvention) {
  // What CMake runs for CMAKE_CXX_CLANG_TIDY: the tool's own arguments, the
  // source, `--` and the whole compile command including the compiler.
  ScratchDirectory scratch;
  std::string file = scratch.write("a.cpp", DetachSource);
  CliResult result = runThreadlint({"--fail-on=none", "--extra-arg-before=--driver-mode=g++", file,
                                    "--", "/usr/bin/c++", "-std=c++20", "-O2", "-o",
                                    scratch.file("a.o"), "-c", file});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("a.cpp:3:5: warning: detaching thread 't'"));
  EXPECT_FALSE(fileExists(scratch.file("a.o"))) << "threadlint compiles nothing";
}

} // namespace
} // namespace threadlint::testing
