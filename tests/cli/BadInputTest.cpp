// Odd input never crashes threadlint: each class gives a clear error or an
// entry under `errors`, the documented exit code, and a complete report for
// everything else.
#include "CliTestSupport.h"

#include "llvm/Support/FileSystem.h"

#include <sys/stat.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace threadlint::testing {
namespace {

using ::testing::HasSubstr;

constexpr const char *Detach = "#include <thread>\nvoid f(std::thread &t) { t.detach(); }\n";

/// Scans `odd` next to a file with one finding: the finding must survive.
void expectIsolated(const ScratchDirectory &scratch, const std::string &odd, int exitCode,
                    const std::string &errorFragment) {
  std::string good = scratch.write("good.cpp", Detach);
  std::string report = scratch.file("report.json");
  CliResult result = runThreadlint({"--no-cache", "--quiet", "--report=json:" + report, good, odd,
                                    "--", "-std=c++20"});
  EXPECT_EQ(result.exitCode, exitCode) << result.err;
  nlohmann::json parsed = nlohmann::json::parse(readText(report), nullptr, false);
  ASSERT_FALSE(parsed.is_discarded()) << "the report is complete JSON";
  bool goodReported = false;
  for (const nlohmann::json &diagnostic : parsed["diagnostics"])
    goodReported |= diagnostic["file"] == good;
  EXPECT_TRUE(goodReported) << "the other file's finding is still reported";
  if (!errorFragment.empty()) {
    ASSERT_EQ(parsed["errors"].size(), 1u) << parsed.dump(2);
    EXPECT_THAT(parsed["errors"][0]["message"].get<std::string>(), HasSubstr(errorFragment));
  }
}

/// `source` (which holds `Detach`) is analysed in full: its one finding.
void expectAnalysed(const ScratchDirectory &scratch, const std::string &name,
                    const std::string &source) {
  std::string file = scratch.write(name, source);
  CliResult result = runThreadlint({"--no-cache", "--format=json", file, "--", "-std=c++20"});
  EXPECT_EQ(result.exitCode, 1) << result.err;
  EXPECT_EQ(result.json()["diagnostics"].size(), 1u);
}

TEST(BadInput, ABinaryFileIsAnErrorEntry) {
  ScratchDirectory scratch;
  std::string binary(4096, '\0');
  for (std::size_t index = 0; index < binary.size(); ++index)
    binary[index] = static_cast<char>((index * 131 + 7) % 256);
  expectIsolated(scratch, scratch.write("blob.cpp", binary), 3, "");
}

TEST(BadInput, AOneMegabyteLineIsAnalysed) {
  ScratchDirectory scratch;
  std::string line = "int values[] = {";
  while (line.size() < (1u << 20))
    line += "1,";
  line += "1};\n";
  expectAnalysed(scratch, "long.cpp", std::string(Detach) + line);
}

TEST(BadInput, TenThousandNestedBlocksAndDeepTemplatesDoNotCrash) {
  ScratchDirectory scratch;
  std::string blocks = "void nested() {";
  for (int depth = 0; depth < 10000; ++depth)
    blocks += "{";
  for (int depth = 0; depth < 10000; ++depth)
    blocks += "}";
  blocks += "}\n";
  std::string templates = "template <int N> struct Deep { using type = typename Deep<N - 1>::type; };\n"
                          "template <> struct Deep<0> { using type = int; };\n"
                          "Deep<5000>::type deep = 0;\n";
  // Clang refuses such depths with an error, or parses them: either way no crash.
  std::string file = scratch.write("deep.cpp", blocks + templates);
  expectIsolated(scratch, file, 3, "");
}

TEST(BadInput, AnEnormousMacroExpansionIsAnalysed) {
  ScratchDirectory scratch;
  std::string source = "#define X1(a) a a\n";
  for (int level = 2; level <= 20; ++level)
    source += "#define X" + std::to_string(level) + "(a) X" + std::to_string(level - 1) + "(a) X" +
              std::to_string(level - 1) + "(a)\n";
  // 2^20 tokens from one line: clang++-19 itself overflows its stack on it.
  source += "int sum = 0 X20(+1);\n";
  expectAnalysed(scratch, "macro.cpp", std::string(Detach) + source);
}

TEST(BadInput, ANonUtf8PathIsReportedAsValidJson) {
  ScratchDirectory scratch;
  std::string file = scratch.write("caf\xe9.cpp", Detach); // Latin-1 é: not UTF-8
  CliResult result = runThreadlint({"--no-cache", "--format=json", file, "--", "-std=c++20"});
  EXPECT_EQ(result.exitCode, 1) << result.err;
  nlohmann::json parsed = nlohmann::json::parse(result.out, nullptr, false);
  ASSERT_FALSE(parsed.is_discarded()) << "JSON output stays valid UTF-8";
  ASSERT_EQ(parsed["diagnostics"].size(), 1u);
  CliResult sarif = runThreadlint({"--no-cache", "--format=sarif", file, "--", "-std=c++20"});
  EXPECT_FALSE(nlohmann::json::parse(sarif.out, nullptr, false).is_discarded());
}

TEST(BadInput, DatabaseEntriesWithMissingFilesAndRelativeDirectories) {
  ScratchDirectory scratch;
  std::string good = scratch.write("src/good.cpp", Detach);
  nlohmann::json commands = nlohmann::json::array(
      {{{"directory", scratch.path()}, {"file", good}, {"arguments", {"clang++", "-std=c++20", "-c", good}}},
       {{"directory", scratch.path()},
        {"file", scratch.file("src/gone.cpp")},
        {"arguments", {"clang++", "-std=c++20", "-c", scratch.file("src/gone.cpp")}}},
       {{"directory", "relative/dir"},
        {"file", "rel.cpp"},
        {"arguments", {"clang++", "-std=c++20", "-c", "rel.cpp"}}}});
  scratch.write("build/compile_commands.json", commands.dump());
  CliResult result =
      runThreadlint({"-p", scratch.file("build"), "--no-cache", "--format=json", "--quiet"});
  EXPECT_EQ(result.exitCode, 3) << result.err;
  nlohmann::json report = result.json();
  ASSERT_FALSE(report.is_null());
  EXPECT_EQ(report["diagnostics"].size(), 1u) << "the good file is still scanned";
  EXPECT_EQ(report["errors"].size(), 2u) << report.dump(2);
}

TEST(BadInput, MalformedChecksAreRefusedOrIgnoredAsClangTidyDoes) {
  ScratchDirectory scratch;
  std::string file = scratch.write("a.cpp", Detach);
  CliResult result = runThreadlint({"--checks=threadlint-[", file, "--", "-std=c++20"});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_THAT(result.err, HasSubstr("'threadlint-[' matches no threadlint check"));
  // Empty globs between commas are skipped, as clang-tidy skips them.
  result = runThreadlint({"--no-cache", "--quiet", "--checks=,,,", file, "--", "-std=c++20"});
  EXPECT_EQ(result.exitCode, 1) << result.err;
}

TEST(BadInput, AnUnreadableClangTidyFileIsAUsageErrorNotAHang) {
  ScratchDirectory scratch;
  std::string file = scratch.write("src/a.cpp", Detach);
  ASSERT_FALSE(llvm::sys::fs::create_directories(scratch.file("src/.clang-tidy")));
  CliResult result = runThreadlint({"--no-cache", file, "--", "-std=c++20"});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_THAT(result.err, HasSubstr(".clang-tidy: cannot read: is a directory"));

  // A FIFO would block a reader forever: one found by searching is refused.
  ASSERT_FALSE(llvm::sys::fs::remove(scratch.file("src/.clang-tidy")));
  ASSERT_EQ(::mkfifo(scratch.file("src/.clang-tidy").c_str(), 0600), 0);
  result = runProgram(THREADLINT_CLI_PATH, {"--no-cache", file, "--", "-std=c++20"}, std::nullopt,
                      60);
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_THAT(result.err, HasSubstr("is not a regular file"));

  ASSERT_EQ(::mkfifo(scratch.file("db/compile_commands.json").c_str(), 0600), -1)
      << "no such directory yet";
  ASSERT_FALSE(llvm::sys::fs::create_directories(scratch.file("db")));
  ASSERT_EQ(::mkfifo(scratch.file("db/compile_commands.json").c_str(), 0600), 0);
  result = runProgram(THREADLINT_CLI_PATH, {"--no-cache", scratch.write("db/b.cpp", Detach)},
                      std::nullopt, 60);
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_THAT(result.err, HasSubstr("is not a regular file"));
}

} // namespace
} // namespace threadlint::testing
