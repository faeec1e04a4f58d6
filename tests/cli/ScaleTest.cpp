// Scans that scale: parallel workers with order-independent output, the
// result cache, the user-code scope, the progress line, shards and merge.
#include "CliTestSupport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Program.h"

namespace threadlint::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

/// A small project: six files, a shared header with a finding, one file
/// that does not parse.
struct Project {
  explicit Project(const ScratchDirectory &scratch) {
    scratch.write("shared.h", "#pragma once\n#include <thread>\n"
                              "inline void shared(std::thread &t) { t.detach(); }\n");
    for (int index = 0; index < 5; ++index)
      files.push_back(scratch.write(
          "src/file" + std::to_string(index) + ".cpp",
          "#include \"../shared.h\"\n#include <future>\nint compute();\n"
          "void f" + std::to_string(index) + "(std::thread &t) {\n" +
              std::string(index % 2 ? "  t.detach();\n" : "  std::async(compute);\n") + "}\n"));
    files.push_back(scratch.write("src/broken.cpp", "this is not C++;\n"));
    scratch.writeDatabase(files);
    database = scratch.file("build");
  }
  std::vector<std::string> files;
  std::string database;
};

TEST(Scale, ParallelOutputIsByteIdenticalToSequential) {
  ScratchDirectory scratch;
  Project project(scratch);
  auto scanWith = [&](const std::string &jobs, const std::string &format) {
    return runThreadlint({"-p", project.database, jobs, "--no-cache", "--quiet",
                          "--header-filter=.*", "--format=" + format});
  };
  CliResult sequential = scanWith("-j1", "json");
  EXPECT_EQ(sequential.exitCode, 3) << sequential.err;
  ASSERT_EQ(sequential.json()["summary"]["files"], 6);
  // Three files with two async findings each, two detaches, the header once.
  EXPECT_EQ(sequential.json()["diagnostics"].size(), 9u);
  for (const char *jobs : {"-j2", "-j4", "-j16"}) {
    EXPECT_EQ(scanWith(jobs, "json").out, sequential.out) << jobs;
    EXPECT_EQ(scanWith(jobs, "sarif").out, scanWith("-j1", "sarif").out) << jobs;
  }
}

TEST(Scale, AWarmScanParsesNothingAndReproducesTheReport) {
  ScratchDirectory scratch;
  Project project(scratch);
  std::string cache = "--cache-dir=" + scratch.file("cache");
  CliResult cold = runThreadlint({"-p", project.database, cache, "--format=json"});
  EXPECT_THAT(cold.err, HasSubstr("cache: 0 hits, 6 misses"));
  CliResult warm = runThreadlint({"-p", project.database, cache, "--format=json"});
  EXPECT_THAT(warm.err, HasSubstr("cache: 5 hits, 1 miss")) << "a file that fails is not cached";
  EXPECT_EQ(warm.out, cold.out);
  EXPECT_EQ(warm.exitCode, cold.exitCode);

  // Editing the shared header invalidates every file that includes it.
  scratch.write("shared.h", "#pragma once\n#include <thread>\n"
                            "inline void shared(std::thread &t) { t.join(); }\n");
  CliResult edited = runThreadlint({"-p", project.database, cache, "--format=json"});
  EXPECT_THAT(edited.err, HasSubstr("cache: 0 hits, 6 misses"));
  EXPECT_EQ(edited.json()["diagnostics"].size(), 8u) << "the header's finding is gone";

  // Other checks are another key.
  CliResult narrowed = runThreadlint(
      {"-p", project.database, cache, "--checks=-threadlint-detached-thread", "--format=json"});
  EXPECT_THAT(narrowed.err, HasSubstr("0 hits"));
}

TEST(Scale, ACorruptCacheEntryIsIgnoredNotTrusted) {
  ScratchDirectory scratch;
  std::string file = scratch.write("a.cpp", "#include <thread>\nvoid f(std::thread &t) { t.detach(); }\n");
  std::string cacheDirectory = scratch.file("cache");
  std::vector<std::string> scan = {"--cache-dir=" + cacheDirectory, "--format=json", file, "--",
                                   "-std=c++20"};
  CliResult cold = runThreadlint(scan);
  ASSERT_EQ(cold.json()["diagnostics"].size(), 1u);
  // Damage every entry: keep the JSON valid but change a finding's message.
  std::error_code error;
  unsigned damaged = 0;
  for (llvm::sys::fs::recursive_directory_iterator entry(cacheDirectory, error), end;
       entry != end && !error; entry.increment(error)) {
    if (!llvm::StringRef(entry->path()).ends_with(".json"))
      continue;
    std::string text = readText(entry->path());
    std::size_t at = text.find("detaching");
    ASSERT_NE(at, std::string::npos);
    text.replace(at, 9, "FORGERY!!");
    scratch.write(entry->path().substr(scratch.path().size() + 1), text);
    ++damaged;
  }
  ASSERT_EQ(damaged, 1u);
  CliResult afterDamage = runThreadlint(scan);
  EXPECT_THAT(afterDamage.err, HasSubstr("cache: 0 hits, 1 miss"));
  EXPECT_EQ(afterDamage.out, cold.out);
  scratch.write(scratch.file("cache").substr(scratch.path().size() + 1) + "/zz/garbage.json", "{");
  EXPECT_EQ(runThreadlint(scan).out, cold.out);
}

TEST(Scale, SkippingSystemCodeChangesNoFinding) {
  ScratchDirectory scratch;
  Project project(scratch);
  CliResult scoped = runThreadlint({"-p", project.database, "--no-cache", "--format=json"});
  std::string whole;
  {
    // The whole translation unit, walked and parsed in full, for comparison.
    llvm::SmallVector<llvm::StringRef> environment;
    std::vector<std::string> storage;
    for (char **variable = environ; *variable; ++variable)
      storage.emplace_back(*variable);
    storage.emplace_back("THREADLINT_WHOLE_TRANSLATION_UNIT=1");
    for (const std::string &variable : storage)
      environment.push_back(variable);
    std::string output = scratch.file("whole.json");
    std::vector<llvm::StringRef> argv = {THREADLINT_CLI_PATH, "-p", project.database,
                                         "--no-cache", "--format=json", "--quiet",
                                         "--output"};
    std::string outputArgument = "--output=" + output;
    argv.back() = outputArgument;
    llvm::sys::ExecuteAndWait(THREADLINT_CLI_PATH, argv, environment);
    whole = readText(output);
  }
  ASSERT_FALSE(whole.empty());
  EXPECT_EQ(nlohmann::json::parse(whole)["diagnostics"], scoped.json()["diagnostics"]);
}

TEST(Scale, ProgressOnATerminalAndNothingOnAPipe) {
  ScratchDirectory scratch;
  Project project(scratch);
  CliResult piped = runThreadlint({"-p", project.database, "--no-cache"});
  EXPECT_THAT(piped.err, Not(HasSubstr("\r")));
  llvm::ErrorOr<std::string> script = llvm::sys::findProgramByName("script");
  ASSERT_TRUE(static_cast<bool>(script)) << "util-linux's script gives the scan a terminal";
  std::string command = std::string(THREADLINT_CLI_PATH) + " -p " + project.database +
                        " --no-cache -j1 >/dev/null";
  std::string log = scratch.file("terminal.log");
  llvm::SmallVector<llvm::StringRef> environment = {"TERM=xterm", "PATH=/usr/bin:/bin"};
  llvm::sys::ExecuteAndWait(*script, {*script, "-qec", command, log}, environment);
  std::string terminal = readText(log);
  EXPECT_THAT(terminal, HasSubstr("[1/6] "));
  EXPECT_THAT(terminal, HasSubstr("[6/6] "));
  EXPECT_THAT(terminal, HasSubstr("s left"));
}

TEST(Scale, ShardsTogetherAreTheFullScan) {
  ScratchDirectory scratch;
  Project project(scratch);
  CliResult full = runThreadlint({"-p", project.database, "--no-cache", "--format=json"});
  std::vector<std::string> shardReports;
  std::set<std::string> seenFiles;
  unsigned scanned = 0;
  for (int shard = 1; shard <= 3; ++shard) {
    std::string report = scratch.file("shard" + std::to_string(shard) + ".json");
    runThreadlint({"-p", project.database, "--no-cache", "--quiet",
                   "--shard=" + std::to_string(shard) + "/3", "--report=json:" + report});
    nlohmann::json parsed = nlohmann::json::parse(readText(report));
    scanned += parsed["summary"]["files"].get<unsigned>();
    EXPECT_GE(parsed["summary"]["files"].get<unsigned>(), 1u) << "balanced: no empty shard";
    shardReports.push_back(report);
  }
  EXPECT_EQ(scanned, 6u) << "every file in exactly one shard";
  std::vector<std::string> merge = {"merge"};
  merge.insert(merge.end(), shardReports.begin(), shardReports.end());
  CliResult merged = runThreadlint(merge);
  EXPECT_EQ(merged.exitCode, 3) << merged.err;
  EXPECT_EQ(merged.json()["diagnostics"], full.json()["diagnostics"]) << "the header once";
  EXPECT_EQ(merged.json()["errors"], full.json()["errors"]);
  EXPECT_EQ(merged.json()["summary"]["files"], 6);

  merge.emplace_back("--format=sarif");
  nlohmann::json sarif = runThreadlint(merge).json();
  EXPECT_EQ(sarif["runs"][0]["results"].size(), full.json()["diagnostics"].size());

  CliResult badShard = runThreadlint({"-p", project.database, "--shard=4/3"});
  EXPECT_EQ(badShard.exitCode, 2);
  CliResult badMerge = runThreadlint({"merge", scratch.write("x.json", "[]")});
  EXPECT_EQ(badMerge.exitCode, 2);
  EXPECT_THAT(badMerge.err, HasSubstr("not a threadlint JSON report"));
}

} // namespace
} // namespace threadlint::testing
