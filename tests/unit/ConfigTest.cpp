#include "engine/Config.h"

#include <gtest/gtest.h>

using namespace threadlint;

TEST(CheckConfiguration, ReadsChecksAsStringOrList) {
  auto text = parseCheckConfiguration("Checks: '-*,threadlint-*'\n", "test");
  ASSERT_TRUE(bool(text)) << llvm::toString(text.takeError());
  EXPECT_EQ(text->checks, "-*,threadlint-*");
  auto list = parseCheckConfiguration("Checks:\n  - '-*'\n  - threadlint-detached-thread\n", "t");
  ASSERT_TRUE(bool(list)) << llvm::toString(list.takeError());
  EXPECT_EQ(list->checks, "-*,threadlint-detached-thread");
  auto folded = parseCheckConfiguration("Checks: >\n  -*,\n  threadlint-*\n", "t");
  ASSERT_TRUE(bool(folded)) << llvm::toString(folded.takeError());
  EXPECT_NE(folded->checks.find("threadlint-*"), std::string::npos);
}

TEST(CheckConfiguration, ReadsCheckOptionsInBothStyles) {
  auto map = parseCheckConfiguration(
      "CheckOptions:\n  threadlint-x.MinReaders: 3\n  MutexTypes: 'a::M;b::N'\n", "t");
  ASSERT_TRUE(bool(map)) << llvm::toString(map.takeError());
  EXPECT_EQ(map->options.at("threadlint-x.MinReaders"), "3");
  auto list = parseCheckConfiguration(
      "CheckOptions:\n  - key: threadlint-x.MinReaders\n    value: 4\n", "t");
  ASSERT_TRUE(bool(list)) << llvm::toString(list.takeError());
  EXPECT_EQ(list->options.at("threadlint-x.MinReaders"), "4");
}

TEST(CheckConfiguration, IgnoresOtherClangTidyKeys) {
  auto parsed = parseCheckConfiguration(
      "WarningsAsErrors: '*'\nHeaderFilterRegex: '.*'\nFormatStyle: file\n"
      "InheritParentConfig: true\n",
      "t");
  ASSERT_TRUE(bool(parsed)) << llvm::toString(parsed.takeError());
  EXPECT_TRUE(parsed->inheritParent);
  EXPECT_TRUE(parsed->checks.empty());
}

TEST(CheckConfiguration, MalformedInputNamesTheSourceAndLine) {
  auto broken = parseCheckConfiguration("Checks: [a,\nCheckOptions: {", "dir/.clang-tidy");
  ASSERT_FALSE(bool(broken));
  std::string message = llvm::toString(broken.takeError());
  EXPECT_NE(message.find("dir/.clang-tidy"), std::string::npos) << message;
  EXPECT_NE(message.find("line"), std::string::npos) << message;

  auto notAMap = parseCheckConfiguration("- just\n- a list\n", "x");
  ASSERT_FALSE(bool(notAMap));
  EXPECT_NE(llvm::toString(notAMap.takeError()).find("mapping"), std::string::npos);
}

TEST(CheckConfiguration, MergingAppendsChecksAndOverridesOptions) {
  CheckConfiguration parent{"-*,threadlint-a", {{"k", "1"}, {"j", "2"}}, false};
  CheckConfiguration child{"threadlint-b", {{"k", "3"}}, true};
  parent.mergeWith(child);
  EXPECT_EQ(parent.checks, "-*,threadlint-a,threadlint-b");
  EXPECT_EQ(parent.options.at("k"), "3");
  EXPECT_EQ(parent.options.at("j"), "2");
}

TEST(MapRuleOptions, LocalOrGlobalFallsBackToTheBareName) {
  std::map<std::string, std::string> options{{"threadlint-x.Local", "1"}, {"Shared", "2"}};
  MapRuleOptions view("threadlint-x", options);
  EXPECT_EQ(view.get("Local"), "1");
  EXPECT_EQ(view.get("Shared"), std::nullopt);
  EXPECT_EQ(view.getLocalOrGlobal("Shared"), "2");
  EXPECT_EQ(view.getUnsigned("Local", 9), 1u);
  EXPECT_EQ(view.getUnsigned("Missing", 9), 9u);
}

TEST(RuleSelection, UnknownPositiveGlobsAreFound) {
  EXPECT_TRUE(globsMatchingNoCheck("-*,threadlint-*").empty());
  EXPECT_TRUE(globsMatchingNoCheck("threadlint-detached-thread").empty());
  auto unknown = globsMatchingNoCheck("threadlint-detached-thread,threadlint-typo,-bogus");
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown.front(), "threadlint-typo");
}

// Found by fuzz-clang-tidy-config: a document the YAML parser gives up on has
// no root node; reading it dereferenced null.
TEST(CheckConfiguration, ADocumentWithoutARootIsAnError) {
  const std::string input("%hecks-:\"hhecks-:\"h-t-\n\"\x00" "ecks---\nChe\xff" "cks:-t-\n\"\x00" "ecks---\nChe\xff" "cks:\nm",
                          65);
  llvm::Expected<CheckConfiguration> parsed = parseCheckConfiguration(input, "fuzzed");
  ASSERT_FALSE(static_cast<bool>(parsed));
  EXPECT_NE(llvm::toString(parsed.takeError()).find("fuzzed"), std::string::npos);
}

// Found by fuzz-clang-tidy-config: an unknown key whose value the parser gave
// up on has no value node; skipping it dereferenced null.
TEST(CheckConfiguration, AnUnknownKeyWithoutAValueNodeIsSkipped) {
  const std::string input("Checks: \"threadlint-unbounded-que\n keue2\"\nKpey(y: !}\n%hecks-:\n  - {-cks:\n kees, vxL - {-cks:\n keock' }\n",
                          103);
  llvm::Expected<CheckConfiguration> parsed = parseCheckConfiguration(input, "fuzzed");
  ASSERT_TRUE(static_cast<bool>(parsed)) << llvm::toString(parsed.takeError());
  EXPECT_EQ(parsed->checks.rfind("threadlint-unbounded-qu", 0), 0u) << parsed->checks;
}
