// The design report's verdicts, asserted on fixtures (tests/design/*.cpp)
// with both standard libraries. Each fixture names the verdict of every
// class it defines on the class's line:
//   // VERDICT: <class> <verdict> <healthy|needs-work> [built-as <branch>]
// A class the report has and the fixture does not name fails the test, and
// so does a named class the report lacks.
#include "CliTestSupport.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

namespace threadlint::testing {
namespace {

using ::testing::HasSubstr;

struct ExpectedVerdict {
  std::string verdict;
  bool healthy = false;
  std::string branch; ///< empty: the same as the verdict
  unsigned line = 0;
};

std::map<std::string, ExpectedVerdict> expectationsOf(const std::string &path) {
  std::map<std::string, ExpectedVerdict> expected;
  std::istringstream lines(readText(path));
  std::string line;
  for (unsigned number = 1; std::getline(lines, line); ++number) {
    std::size_t at = line.find("// VERDICT: ");
    if (at == std::string::npos)
      continue;
    std::istringstream words(line.substr(at + 12));
    std::string name, verdict, health, builtAs, branch;
    words >> name >> verdict >> health >> builtAs >> branch;
    EXPECT_TRUE(health == "healthy" || health == "needs-work") << path << ":" << number;
    expected[name] = {verdict, health == "healthy", builtAs == "built-as" ? branch : verdict,
                      number};
  }
  return expected;
}

std::vector<std::string> designFixtures() {
  std::vector<std::string> files;
  std::error_code error;
  for (llvm::sys::fs::directory_iterator it(THREADLINT_DESIGN_FIXTURES, error), end;
       it != end && !error; it.increment(error))
    if (llvm::StringRef(it->path()).ends_with(".cpp"))
      files.push_back(it->path());
  std::sort(files.begin(), files.end());
  return files;
}

class DesignVerdicts : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

TEST_P(DesignVerdicts, EveryClassGetsItsExpectedVerdict) {
  auto [fixture, stdlib] = GetParam();
  std::map<std::string, ExpectedVerdict> expected = expectationsOf(fixture);
  ASSERT_FALSE(expected.empty()) << fixture << " names no verdict";
  ScratchDirectory scratch;
  std::string design = scratch.file("design.json");
  // The fixtures live under tests/: production code only by this option (the
  // report leaves test code out, as the rules do).
  std::vector<std::string> args{"--no-cache",
                                "--quiet",
                                "--format=json",
                                "--config={CheckOptions: {TestFileRegex: '^$'}}",
                                "--report=design-json:" + design,
                                fixture,
                                "--",
                                "-std=c++20",
                                "-stdlib=" + stdlib};
  if (stdlib == "libc++")
    args.emplace_back("-fexperimental-library");
  CliResult result = runThreadlint(args);
  ASSERT_LE(result.exitCode, 1) << result.err;
  nlohmann::json report = nlohmann::json::parse(readText(design), nullptr, false);
  ASSERT_FALSE(report.is_discarded());

  std::set<std::string> seen;
  for (const nlohmann::json &found : report["classes"]) {
    std::string name = found["name"];
    seen.insert(name);
    auto expectation = expected.find(name);
    if (expectation == expected.end()) {
      ADD_FAILURE() << "unexpected class " << name << " (" << found["verdict"] << ")";
      continue;
    }
    const ExpectedVerdict &want = expectation->second;
    EXPECT_EQ(found["verdict"], want.verdict) << name << ": " << found.dump(2);
    EXPECT_EQ(found["healthy"], want.healthy) << name << ": " << found.dump(2);
    EXPECT_EQ(found["branch"], want.branch) << name;
    EXPECT_EQ(found["line"], want.line) << name;
    EXPECT_FALSE(found["reasons"].empty()) << name << " says why";
    if (!want.healthy) {
      EXPECT_FALSE(found["advice"].empty() && found["findings"].empty())
          << name << " says what to do";
    }
  }
  for (const auto &[name, want] : expected)
    EXPECT_TRUE(seen.count(name)) << "no verdict for " << name;
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, DesignVerdicts,
    ::testing::Combine(::testing::ValuesIn(designFixtures()),
                       ::testing::Values(std::string("libstdc++"), std::string("libc++"))),
    [](const ::testing::TestParamInfo<DesignVerdicts::ParamType> &info) {
      std::string name = llvm::sys::path::stem(std::get<0>(info.param)).str() + "_" +
                         std::get<1>(info.param);
      for (char &character : name)
        if (!std::isalnum(static_cast<unsigned char>(character)))
          character = '_';
      return name;
    });

TEST(DesignReport, EveryVerdictKindIsCoveredByAFixture) {
  std::set<std::string> covered;
  for (const std::string &fixture : designFixtures())
    for (const auto &[name, want] : expectationsOf(fixture))
      covered.insert(want.verdict);
  EXPECT_EQ(covered, (std::set<std::string>{"registry", "supervisor", "actor", "state-machine",
                                            "plain-functions", "read-mostly", "guarded-state"}));
}

TEST(DesignReport, MarkdownAndHtmlAreWrittenWithTheJson) {
  ScratchDirectory scratch;
  std::string fixture = std::string(THREADLINT_DESIGN_FIXTURES) + "/read-mostly.cpp";
  CliResult result = runThreadlint({"--no-cache", "--quiet",
                                    "--report=design-md:" + scratch.file("out/design.md"),
                                    "--report=html:" + scratch.file("out/design.html"), fixture,
                                    "--", "-std=c++20"});
  ASSERT_EQ(result.exitCode, 1) << result.err;
  std::string markdown = readText(scratch.file("out/design.md"));
  EXPECT_THAT(markdown, HasSubstr("### `RateTable`"));
  EXPECT_THAT(markdown, HasSubstr("built as **Guarded state**, belongs with **Read-mostly state**"));
  std::string html = readText(scratch.file("out/design.html"));
  EXPECT_THAT(html, HasSubstr("<svg"));
  EXPECT_THAT(html, HasSubstr("data-class=\"RateTable\""));
  EXPECT_THAT(html, HasSubstr("threadlint-exclusive-lock-in-reader"));
  // Namespaces (xmlns="http://www.w3.org/2000/svg") name, they do not fetch.
  EXPECT_THAT(html, ::testing::Not(::testing::ContainsRegex("(src|href)=\"(https?:)?//")))
      << "nothing fetched from a network";
  EXPECT_THAT(html, ::testing::Not(HasSubstr("@import")));
  EXPECT_THAT(html, ::testing::Not(HasSubstr("url(")));
}

TEST(DesignReport, WarmCacheGivesTheSameDesign) {
  ScratchDirectory scratch;
  std::string fixture = std::string(THREADLINT_DESIGN_FIXTURES) + "/actor.cpp";
  for (const char *name : {"cold.json", "warm.json"}) {
    CliResult result = runThreadlint({"--cache-dir=" + scratch.file("cache"), "--quiet",
                                      "--report=design-json:" + scratch.file(name), fixture, "--",
                                      "-std=c++20"});
    ASSERT_LE(result.exitCode, 1) << result.err;
  }
  EXPECT_THAT(readText(scratch.file("cold.json")), HasSubstr("Dispatcher"));
  EXPECT_EQ(readText(scratch.file("cold.json")), readText(scratch.file("warm.json")));
}

TEST(DesignReport, MergeRefusesDesignFormats) {
  ScratchDirectory scratch;
  std::string report = scratch.write("a.json", "{\"diagnostics\": [], \"errors\": []}");
  CliResult result = runThreadlint({"merge", report, "--format=html"});
  EXPECT_EQ(result.exitCode, 2);
}

} // namespace
} // namespace threadlint::testing
