// threadlint runs on code nobody vetted: it only reads. It never runs a
// program or loads a library named by a compilation database or a config,
// writes only the files it is told to (and its cache), and refuses input too
// large to read safely. docs/security.md states each point.
#include "CliTestSupport.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

extern char **environ;

namespace threadlint::testing {
namespace {

using ::testing::HasSubstr;

constexpr const char *Detach = "#include <thread>\nvoid f(std::thread &t) { t.detach(); }\n";

std::vector<std::string> environmentWith(const std::vector<std::string> &overrides) {
  std::vector<std::string> environment;
  for (char **entry = environ; *entry; ++entry) {
    llvm::StringRef name = llvm::StringRef(*entry).split('=').first;
    bool overridden = false;
    for (const std::string &override : overrides)
      overridden |= llvm::StringRef(override).split('=').first == name;
    if (!overridden)
      environment.emplace_back(*entry);
  }
  environment.insert(environment.end(), overrides.begin(), overrides.end());
  return environment;
}

/// Every file under `directory` with its size and modification time.
std::map<std::string, std::string> snapshot(const std::string &directory) {
  std::map<std::string, std::string> files;
  std::error_code error;
  for (llvm::sys::fs::recursive_directory_iterator it(directory, error), end;
       it != end && !error; it.increment(error)) {
    llvm::sys::fs::file_status status;
    if (llvm::sys::fs::status(it->path(), status) || llvm::sys::fs::is_directory(status))
      continue;
    files[it->path().substr(directory.size() + 1)] =
        std::to_string(status.getSize()) + "@" +
        std::to_string(status.getLastModificationTime().time_since_epoch().count());
  }
  return files;
}

TEST(Security, NeverRunsOrLoadsWhatTheDatabaseNames) {
  ScratchDirectory scratch;
  std::string marker = scratch.file("marker");
  std::string compiler = scratch.write("evil-cc", "#!/bin/sh\ntouch " + marker + ".compiler\n");
  ASSERT_FALSE(llvm::sys::fs::setPermissions(compiler, llvm::sys::fs::all_all));
  std::string file = scratch.write("a.cpp", Detach);
  const std::string plugin = THREADLINT_MARKER_PLUGIN;
  nlohmann::json database = nlohmann::json::array();
  // The compiler, a shell in `command`, and every flag clang knows that loads
  // a library into the compiler.
  database.push_back({{"directory", scratch.path()},
                      {"file", file},
                      {"arguments",
                       {compiler, "-std=c++20", "-fplugin=" + plugin, "-fpass-plugin=" + plugin,
                        "-Xclang", "-load", "-Xclang", plugin, "-Xclang", "-plugin", "-Xclang",
                        "marker",
                        "-c", file}}});
  std::string second = scratch.write("b.cpp", Detach);
  database.push_back({{"directory", scratch.path()},
                      {"file", second},
                      {"command", "/bin/sh -c 'touch " + marker + ".shell' -std=c++20 -c " +
                                      second + " $(touch " + marker + ".substitution)"}});
  scratch.write("build/compile_commands.json", database.dump(2));
  scratch.write(".clang-tidy", "Checks: '-*,threadlint-detached-thread'\n"
                               "CheckOptions:\n  threadlint-detached-thread.X: $(touch " +
                                   marker + ".config)\n");

  CliResult result = runProgram(
      THREADLINT_CLI_PATH, {"-p", scratch.file("build"), "--no-cache", "--format=json"},
      environmentWith({"THREADLINT_TEST_MARKER=" + marker + ".plugin"}));
  EXPECT_LE(result.exitCode, 3) << result.err;
  for (const char *suffix : {".compiler", ".plugin", ".shell", ".substitution", ".config"})
    EXPECT_FALSE(fileExists(marker + suffix)) << "something ran: " << suffix;
  // The control: the plugin does write its marker when a compiler loads it.
  CliResult control = runProgram(
      THREADLINT_CLANG, {"-fsyntax-only", "-fplugin=" + plugin, file},
      environmentWith({"THREADLINT_TEST_MARKER=" + marker + ".control"}));
  EXPECT_TRUE(fileExists(marker + ".control")) << "the marker plugin works: " << control.err;
}

TEST(Security, WritesOnlyTheNamedReportsAndItsCache) {
  ScratchDirectory scratch;
  std::string file = scratch.write("project/a.cpp", Detach);
  scratch.write("project/.clang-tidy", "Checks: 'threadlint-*'\n");
  scratch.writeDatabase({file});
  std::string home = scratch.file("home");
  std::string xdg = scratch.file("xdg-cache");
  ASSERT_FALSE(llvm::sys::fs::create_directories(home));
  ASSERT_FALSE(llvm::sys::fs::create_directories(xdg));
  std::vector<std::string> environment =
      environmentWith({"HOME=" + home, "XDG_CACHE_HOME=" + xdg, "TMPDIR=" + scratch.file("tmp")});
  ASSERT_FALSE(llvm::sys::fs::create_directories(scratch.file("tmp")));

  std::map<std::string, std::string> before = snapshot(scratch.path());
  CliResult result = runProgram(THREADLINT_CLI_PATH,
                                {"-p", scratch.file("build"), "--quiet",
                                 "--report=json:" + scratch.file("out/report.json")},
                                environment);
  ASSERT_EQ(result.exitCode, 1) << result.err;
  std::map<std::string, std::string> after = snapshot(scratch.path());
  for (const auto &[path, stamp] : before) {
    EXPECT_EQ(after[path], stamp) << path << " changed";
  }
  for (const auto &[path, stamp] : after) {
    if (!before.count(path)) {
      EXPECT_TRUE(path == "out/report.json" ||
                  llvm::StringRef(path).starts_with("xdg-cache/threadlint/"))
          << "wrote " << path;
    }
  }
  EXPECT_TRUE(after.count("out/report.json"));

  // With --no-cache, the report is the only file written.
  (void)llvm::sys::fs::remove_directories(xdg);
  ASSERT_FALSE(llvm::sys::fs::create_directories(xdg));
  before = snapshot(scratch.path());
  result = runProgram(THREADLINT_CLI_PATH,
                      {"-p", scratch.file("build"), "--quiet", "--no-cache",
                       "--report=sarif:" + scratch.file("out/report.sarif")},
                      environment);
  ASSERT_EQ(result.exitCode, 1) << result.err;
  after = snapshot(scratch.path());
  before["out/report.sarif"] = after["out/report.sarif"];
  EXPECT_EQ(after, before);
}

/// A sparse file of `size` bytes: as large as we like, costing no disk.
std::string sparseFile(const ScratchDirectory &scratch, const std::string &name,
                       std::uint64_t size) {
  std::string path = scratch.write(name, "");
  int descriptor = ::open(path.c_str(), O_WRONLY);
  EXPECT_GE(descriptor, 0);
  EXPECT_EQ(::ftruncate(descriptor, static_cast<off_t>(size)), 0);
  ::close(descriptor);
  return path;
}

TEST(Security, OversizedInputIsRefusedBeforeItIsRead) {
  ScratchDirectory scratch;
  std::string file = scratch.write("a.cpp", Detach);

  std::string config = sparseFile(scratch, "big.clang-tidy", 64u << 20);
  CliResult result = runThreadlint({"--config-file=" + config, file, "--", "-std=c++20"});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_THAT(result.err, HasSubstr("over the limit of 4 MiB for a configuration file"));

  result = runThreadlint({"--config-file=/dev/zero", file, "--", "-std=c++20"});
  EXPECT_EQ(result.exitCode, 2) << "a device without end is read only up to the limit";
  EXPECT_THAT(result.err, HasSubstr("over the limit"));

  std::string baseline = sparseFile(scratch, "baseline.json", 3ull << 30);
  result = runThreadlint({"--baseline=" + baseline, file, "--", "-std=c++20"});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_THAT(result.err, HasSubstr("is 3 GiB, over the limit of 256 MiB for a report"));

  result = runThreadlint({"merge", baseline});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_THAT(result.err, HasSubstr("over the limit of 256 MiB"));

  sparseFile(scratch, "build/compile_commands.json", 5ull << 30);
  result = runThreadlint({"-p", scratch.file("build")});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_THAT(result.err, HasSubstr("over the limit of 1 GiB for a compilation database"));
  result = runThreadlint({scratch.write("build/b.cpp", Detach)});
  EXPECT_EQ(result.exitCode, 2) << "the database found by searching is bounded too";
  EXPECT_THAT(result.err, HasSubstr("over the limit of 1 GiB"));
}

TEST(Security, DeeplyNestedConfigurationAndReportsAreErrorsNotCrashes) {
  ScratchDirectory scratch;
  std::string file = scratch.write("a.cpp", Detach);
  std::string nested = "Checks: " + std::string(100000, '[') + "\n";
  CliResult result = runThreadlint(
      {"--config-file=" + scratch.write("deep.yaml", nested), file, "--", "-std=c++20"});
  EXPECT_EQ(result.exitCode, 2) << result.err;
  EXPECT_THAT(result.err, HasSubstr("deep.yaml"));

  std::string report = "{\"diagnostics\": " + std::string(1000000, '[') + "\n";
  result = runThreadlint({"merge", scratch.write("deep.json", report)});
  EXPECT_EQ(result.exitCode, 2) << result.err;
  EXPECT_THAT(result.err, HasSubstr("deep.json"));
}

} // namespace
} // namespace threadlint::testing
