// A crashing or hanging analysis costs one file, never the scan; an
// interrupted scan leaves no report behind; the same input always gives the
// same bytes. Runs threadlint-test-cli, the CLI with a rule that misbehaves on
// request (TestOnlyRules.cpp).
#include "CliTestSupport.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char **environ;

namespace threadlint::testing {
namespace {

using ::testing::HasSubstr;

constexpr const char *Detach = "#include <thread>\nvoid f(std::thread &t) { t.detach(); }\n";
constexpr const char *Trigger = "void threadlint_test_misbehave() {}\n";

CliResult runTestCli(const std::vector<std::string> &args, unsigned timeoutSeconds = 300) {
  return runProgram(THREADLINT_TEST_CLI_PATH, args, std::nullopt, timeoutSeconds);
}

std::string misbehaving(const std::string &mode) {
  return "--config={Checks: '-*,threadlint-detached-thread,threadlint-test-misbehave', "
         "CheckOptions: {threadlint-test-misbehave.Mode: " +
         mode + "}}";
}

/// Files under `directory`, relative, sorted.
std::vector<std::string> filesUnder(const std::string &directory) {
  std::vector<std::string> found;
  std::error_code error;
  for (llvm::sys::fs::recursive_directory_iterator it(directory, error), end;
       it != end && !error; it.increment(error))
    if (!llvm::sys::fs::is_directory(it->path()))
      found.push_back(it->path().substr(directory.size() + 1));
  std::sort(found.begin(), found.end());
  return found;
}

struct Isolation {
  CliResult result;
  nlohmann::json report;
};

/// Scans good.cpp (one finding), bad.cpp (the trigger) and last.cpp (one
/// finding) with the test rule in `mode`.
Isolation scanWithMisbehavingRule(const ScratchDirectory &scratch, const std::string &mode,
                                  std::vector<std::string> extra = {}) {
  std::string good = scratch.write("good.cpp", Detach);
  std::string bad = scratch.write("bad.cpp", Trigger);
  std::string last = scratch.write("last.cpp", Detach);
  scratch.writeDatabase({good, bad, last});
  std::string report = scratch.file("report.json");
  std::vector<std::string> args{"-p", scratch.file("build"), "--no-cache",
                                misbehaving(mode), "--report=json:" + report};
  args.insert(args.end(), extra.begin(), extra.end());
  Isolation isolation;
  isolation.result = runTestCli(args, 120);
  isolation.report = nlohmann::json::parse(readText(report), nullptr, false);
  return isolation;
}

void expectOnlyBadFileLost(const Isolation &isolation, const ScratchDirectory &scratch,
                           const std::string &reason) {
  EXPECT_EQ(isolation.result.exitCode, 3) << isolation.result.err;
  ASSERT_FALSE(isolation.report.is_discarded()) << "the report is complete JSON";
  ASSERT_EQ(isolation.report["errors"].size(), 1u) << isolation.report.dump(2);
  EXPECT_EQ(isolation.report["errors"][0]["file"], scratch.file("bad.cpp"));
  EXPECT_THAT(isolation.report["errors"][0]["message"].get<std::string>(), HasSubstr(reason));
  std::set<std::string> reported;
  for (const nlohmann::json &diagnostic : isolation.report["diagnostics"])
    reported.insert(diagnostic["file"].get<std::string>());
  EXPECT_EQ(reported, (std::set<std::string>{scratch.file("good.cpp"), scratch.file("last.cpp")}))
      << "every other file is reported";
  EXPECT_EQ(isolation.report["summary"]["files"], 3);
  EXPECT_THAT(isolation.result.err, HasSubstr(scratch.file("bad.cpp")));
}

TEST(CrashIsolation, TheTestRuleRunsWhenAskedToReport) {
  ScratchDirectory scratch;
  Isolation isolation = scanWithMisbehavingRule(scratch, "report");
  EXPECT_EQ(isolation.result.exitCode, 1) << isolation.result.err;
  EXPECT_EQ(isolation.report["diagnostics"].size(), 3u) << isolation.report.dump(2);
  EXPECT_TRUE(isolation.report["errors"].empty());
}

TEST(CrashIsolation, ARuleThatTrapsCostsOnlyItsFile) {
  ScratchDirectory scratch;
  expectOnlyBadFileLost(scanWithMisbehavingRule(scratch, "trap"), scratch, "crashed");
}

TEST(CrashIsolation, ARuleThatAbortsCostsOnlyItsFileInParallelToo) {
  ScratchDirectory scratch;
  expectOnlyBadFileLost(scanWithMisbehavingRule(scratch, "abort", {"-j2"}), scratch, "crashed");
}

TEST(TimeLimit, AHangingAnalysisIsAbandonedAndTheScanFinishes) {
  ScratchDirectory scratch;
  // Without the limit this never ends: the 120 s kill would fail the test.
  // The limit leaves ordinary files (a parse of <thread>, slower under a
  // loaded machine or the sanitizers) far inside it.
  expectOnlyBadFileLost(scanWithMisbehavingRule(scratch, "hang", {"--file-timeout=10"}), scratch,
                        "time limit of 10 s");
}

TEST(TimeLimit, ASlowParseStopsAtTheLimit) {
  ScratchDirectory scratch;
  // Each declaration costs the constant evaluator ~10^7 steps; hundreds of
  // them take many minutes. The parse stops at the next declaration after
  // the limit.
  std::string slow = "constexpr long sum(long n) { long s = 0; for (long i = 0; i < n; ++i) "
                     "s += i % 7; return s; }\n";
  for (int index = 0; index < 2000; ++index)
    slow += "constexpr long value" + std::to_string(index) + " = sum(" +
            std::to_string(3000000 + index) + ");\n";
  std::string good = scratch.write("good.cpp", Detach);
  std::string file = scratch.write("slow.cpp", slow);
  std::string report = scratch.file("report.json");
  CliResult result = runTestCli({"--no-cache", "--file-timeout=10", "--report=json:" + report, good,
                                 file, "--", "-std=c++20", "-fconstexpr-steps=2147483647"},
                                120);
  EXPECT_EQ(result.exitCode, 3) << result.err;
  nlohmann::json parsed = nlohmann::json::parse(readText(report), nullptr, false);
  ASSERT_FALSE(parsed.is_discarded());
  ASSERT_EQ(parsed["errors"].size(), 1u) << parsed.dump(2);
  EXPECT_EQ(parsed["errors"][0]["file"], file);
  EXPECT_THAT(parsed["errors"][0]["message"].get<std::string>(), HasSubstr("time limit"));
  EXPECT_EQ(parsed["diagnostics"].size(), 1u);
}

TEST(TimeLimit, AMalformedLimitIsAUsageError) {
  CliResult result = runTestCli({"--file-timeout=soon", "x.cpp", "--", "-std=c++20"});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_THAT(result.err, HasSubstr("file-timeout"));
}

/// Starts the test CLI on a scan that hangs, interrupts it with `signal`
/// once it is under way, and checks it ends promptly leaving no report.
void expectInterruptLeavesNoReport(int signal) {
  ScratchDirectory scratch;
  std::string bad = scratch.write("src/bad.cpp", Trigger);
  std::vector<std::string> sources{bad};
  for (int index = 0; index < 3; ++index)
    sources.push_back(scratch.write("src/good" + std::to_string(index) + ".cpp", Detach));
  scratch.writeDatabase(sources);
  std::string reports = scratch.file("reports");
  ASSERT_FALSE(llvm::sys::fs::create_directories(reports));
  std::string previous = scratch.write("reports/old.json", "{\"kept\": true}\n");
  std::string cache = scratch.file("cache");

  std::vector<std::string> args{THREADLINT_TEST_CLI_PATH, "-p", scratch.file("build"), "-j2",
                                "--cache-dir=" + cache, misbehaving("hang"),
                                "--report=json:" + reports + "/new.json",
                                "--report=sarif:" + reports + "/new.sarif",
                                "--output=" + previous, "--format=json"};
  std::vector<char *> argv;
  argv.reserve(args.size() + 1);
  for (std::string &arg : args)
    argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ), 0);

  // Under way: the good files have been analysed and cached.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline && filesUnder(cache).size() < 3)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_GE(filesUnder(cache).size(), 3u) << "the scan did not get under way";

  ASSERT_EQ(::kill(pid, signal), 0);
  int status = 0;
  pid_t ended = 0;
  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while ((ended = ::waitpid(pid, &status, WNOHANG)) == 0 &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (ended == 0) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    FAIL() << "the scan did not stop within 10 s of the signal";
  }
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == signal)
      << "ends as killed by the signal, the convention shells and CI runners expect";
  EXPECT_EQ(filesUnder(reports), std::vector<std::string>{"old.json"})
      << "no new or partial report, no temporary file";
  EXPECT_EQ(readText(previous), "{\"kept\": true}\n") << "an earlier report is untouched";
  for (const std::string &entry : filesUnder(cache))
    EXPECT_THAT(entry, ::testing::Not(HasSubstr(".tmp"))) << "no partial cache entry";
}

TEST(Interrupt, SigintStopsPromptlyAndLeavesNoReport) { expectInterruptLeavesNoReport(SIGINT); }

TEST(Interrupt, SigtermStopsPromptlyAndLeavesNoReport) { expectInterruptLeavesNoReport(SIGTERM); }

TEST(Determinism, ReportsAreByteIdenticalAcrossRunsAndWorkerCounts) {
  ScratchDirectory scratch;
  std::vector<std::string> sources;
  sources.reserve(6);
  for (int index = 0; index < 6; ++index)
    sources.push_back(scratch.write(
        "src/file" + std::to_string(index) + ".cpp",
        "#include \"shared.h\"\n#include <future>\n#include <thread>\n"
        "void f" + std::to_string(index) +
            "(std::thread &t) { t.detach(); std::async([] {}); }\n"));
  scratch.write("src/shared.h", "#pragma once\n#include <thread>\n"
                                "inline void shared(std::thread &t) { t.detach(); }\n");
  scratch.writeDatabase(sources);
  auto scanInto = [&](const std::string &name, const std::string &jobs, bool cached) {
    std::vector<std::string> args{"-p", scratch.file("build"), jobs, "--quiet",
                                  "--header-filter=.*",
                                  "--report=json:" + scratch.file(name + ".json"),
                                  "--report=sarif:" + scratch.file(name + ".sarif")};
    args.push_back(cached ? "--cache-dir=" + scratch.file("cache") : "--no-cache");
    CliResult result = runThreadlint(args);
    EXPECT_EQ(result.exitCode, 1) << result.err;
  };
  scanInto("first", "-j1", false);
  scanInto("second", "-j1", false);
  scanInto("parallel", "-j2", false);
  scanInto("cold-cache", "-j2", true);
  scanInto("warm-cache", "-j2", true);
  std::string json = readText(scratch.file("first.json"));
  std::string sarif = readText(scratch.file("first.sarif"));
  ASSERT_THAT(json, HasSubstr("shared.h"));
  ASSERT_THAT(sarif, HasSubstr("threadlint-discarded-async"));
  for (const char *name : {"second", "parallel", "cold-cache", "warm-cache"}) {
    EXPECT_EQ(readText(scratch.file(std::string(name) + ".json")), json) << name;
    EXPECT_EQ(readText(scratch.file(std::string(name) + ".sarif")), sarif) << name;
  }
}

} // namespace
} // namespace threadlint::testing
