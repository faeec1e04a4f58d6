#include "engine/Config.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <fstream>

using namespace threadlint;

TEST(CheckConfiguration, ReadsChecksAsStringOrList) {
  auto text = parseCheckConfiguration("Checks: '-*,threadlint-*'\n", "test");
  ASSERT_TRUE(bool(text)) << llvm::toString(text.takeError());
  EXPECT_EQ(text->Checks, "-*,threadlint-*");
  auto list = parseCheckConfiguration("Checks:\n  - '-*'\n  - threadlint-detached-thread\n", "t");
  ASSERT_TRUE(bool(list)) << llvm::toString(list.takeError());
  EXPECT_NE(list->Checks.value_or("").find("threadlint-detached-thread"), std::string::npos);
  auto folded = parseCheckConfiguration("Checks: >\n  -*,\n  threadlint-*\n", "t");
  ASSERT_TRUE(bool(folded)) << llvm::toString(folded.takeError());
  EXPECT_NE(folded->Checks.value_or("").find("threadlint-*"), std::string::npos);
}

TEST(CheckConfiguration, ReadsCheckOptionsInBothStyles) {
  auto map = parseCheckConfiguration(
      "CheckOptions:\n  threadlint-x.MinReaders: 3\n  MutexTypes: 'a::M;b::N'\n", "t");
  ASSERT_TRUE(bool(map)) << llvm::toString(map.takeError());
  EXPECT_EQ(map->CheckOptions.lookup("threadlint-x.MinReaders").Value, "3");
  auto list = parseCheckConfiguration(
      "CheckOptions:\n  - key: threadlint-x.MinReaders\n    value: 4\n", "t");
  ASSERT_TRUE(bool(list)) << llvm::toString(list.takeError());
  EXPECT_EQ(list->CheckOptions.lookup("threadlint-x.MinReaders").Value, "4");
}

// Every key clang-tidy 19 knows is read, by clang-tidy's own parser.
TEST(CheckConfiguration, ReadsEveryClangTidyKey) {
  auto parsed = parseCheckConfiguration(
      "Checks: 'threadlint-*'\nWarningsAsErrors: 'threadlint-detached-thread'\n"
      "HeaderFilterRegex: '.*/include/.*'\nExcludeHeaderFilterRegex: '.*/third_party/.*'\n"
      "SystemHeaders: true\nExtraArgs: ['-DONE']\nExtraArgsBefore: ['-DZERO']\n"
      "FormatStyle: file\nUseColor: false\nInheritParentConfig: true\n",
      "t");
  ASSERT_TRUE(bool(parsed)) << llvm::toString(parsed.takeError());
  EXPECT_EQ(parsed->WarningsAsErrors, "threadlint-detached-thread");
  EXPECT_EQ(parsed->HeaderFilterRegex, ".*/include/.*");
  EXPECT_EQ(parsed->ExcludeHeaderFilterRegex, ".*/third_party/.*");
  EXPECT_EQ(parsed->SystemHeaders, true);
  EXPECT_EQ(parsed->ExtraArgs, std::vector<std::string>{"-DONE"});
  EXPECT_EQ(parsed->ExtraArgsBefore, std::vector<std::string>{"-DZERO"});
  EXPECT_EQ(parsed->FormatStyle, "file");
  EXPECT_EQ(parsed->UseColor, false);
  EXPECT_EQ(parsed->InheritParentConfig, true);
}

// A top-level key clang-tidy 19 does not know (an older clang-tidy's, such
// as AnalyzeTemporaryDtors, or a typo) is left out with a warning naming it
// and its line; the rest of the file applies.
TEST(CheckConfiguration, AnUnknownKeyIsIgnoredWithAWarning) {
  std::vector<std::string> ignored;
  auto parsed = parseCheckConfiguration(
      "Checks: '-*,threadlint-detached-thread'\nAnalyzeTemporaryDtors: false\n"
      "WarningsAsErrors: '*'\nChecksTypo:\n  - a\n  - b\n",
      "dir/.clang-tidy", &ignored);
  ASSERT_TRUE(bool(parsed)) << llvm::toString(parsed.takeError());
  EXPECT_EQ(parsed->Checks, "-*,threadlint-detached-thread");
  EXPECT_EQ(parsed->WarningsAsErrors, "*");
  ASSERT_EQ(ignored.size(), 1u);
  EXPECT_EQ(ignored.front(), "dir/.clang-tidy: ignored keys clang-tidy 19 does not know: "
                             "'AnalyzeTemporaryDtors' (line 2), 'ChecksTypo' (line 4)");
  // In a flow mapping too, first, in the middle or last.
  for (const char *flow : {"{Foo: 1, Checks: 'threadlint-*'}", "{Checks: 'threadlint-*', Foo: 1}",
                           "{Checks: 'threadlint-*', Foo: [1, 2], SystemHeaders: true}"}) {
    auto parsedFlow = parseCheckConfiguration(flow, "--config", &ignored);
    ASSERT_TRUE(bool(parsedFlow)) << flow << ": " << llvm::toString(parsedFlow.takeError());
    EXPECT_EQ(parsedFlow->Checks, "threadlint-*") << flow;
  }
  // A known key with a value of the wrong shape is still an error.
  auto wrong = parseCheckConfiguration("Oops: 1\nSystemHeaders: [1, 2]\n", "x", &ignored);
  EXPECT_FALSE(bool(wrong));
  llvm::consumeError(wrong.takeError());
}

TEST(CheckConfiguration, MalformedInputNamesTheSourceAndLine) {
  auto broken = parseCheckConfiguration("Checks: [a,\nCheckOptions: {", "dir/.clang-tidy");
  ASSERT_FALSE(bool(broken));
  std::string message = llvm::toString(broken.takeError());
  EXPECT_NE(message.find("dir/.clang-tidy"), std::string::npos) << message;
  EXPECT_NE(message.find("line"), std::string::npos) << message;

  auto notAMap = parseCheckConfiguration("- just\n- a list\n", "x");
  ASSERT_FALSE(bool(notAMap));
  EXPECT_NE(llvm::toString(notAMap.takeError()).find("x: "), std::string::npos);
}

namespace {

/// A directory tree of `.clang-tidy` files, removed afterwards.
class ConfigurationTree : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("threadlint-config", root_));
  }
  void TearDown() override { (void)llvm::sys::fs::remove_directories(root_); }

  std::string write(llvm::StringRef relative, llvm::StringRef text) {
    llvm::SmallString<256> path(root_);
    llvm::sys::path::append(path, relative);
    (void)llvm::sys::fs::create_directories(llvm::sys::path::parent_path(path));
    std::ofstream(std::string(path)) << text.str();
    return std::string(path);
  }

  llvm::SmallString<256> root_;
};

} // namespace

// clang-tidy's merge: a child that inherits appends its Checks and
// WarningsAsErrors to the parent's, replaces the header filter, and its
// CheckOptions win; the command line's overrides come last.
TEST_F(ConfigurationTree, InheritedLayersMergeLikeClangTidy) {
  write(".clang-tidy", "Checks: '-*,threadlint-detached-thread'\nWarningsAsErrors: 'a-*'\n"
                       "HeaderFilterRegex: 'parent'\nCheckOptions:\n  k: '1'\n  j: '2'\n");
  write("sub/.clang-tidy", "InheritParentConfig: true\nChecks: 'threadlint-per-key-mutex'\n"
                           "WarningsAsErrors: 'b-*'\nHeaderFilterRegex: 'child'\n"
                           "CheckOptions:\n  k: '3'\n");
  std::string source = write("sub/file.cpp", "");
  ConfigurationProvider::Settings settings;
  settings.overrides.WarningsAsErrors = "c-*";
  ConfigurationProvider provider(std::move(settings));
  llvm::Expected<RuleSelection> selection = provider.selectionFor(source);
  ASSERT_TRUE(bool(selection)) << llvm::toString(selection.takeError());
  std::vector<std::string> ids;
  for (const RuleEntry *entry : selection->rules)
    ids.emplace_back(entry->info.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"threadlint-detached-thread",
                                           "threadlint-per-key-mutex"}));
  EXPECT_EQ(selection->warningsAsErrors, "a-*,b-*,c-*");
  EXPECT_EQ(selection->headerFilter, "child");
  EXPECT_EQ(selection->options.at("k"), "3");
  EXPECT_EQ(selection->options.at("j"), "2");
}

// Without InheritParentConfig the nearest file is the whole configuration.
TEST_F(ConfigurationTree, TheNearestFileStopsTheSearch) {
  write(".clang-tidy", "WarningsAsErrors: 'a-*'\n");
  write("sub/.clang-tidy", "Checks: '-*,threadlint-per-key-mutex'\n");
  std::string source = write("sub/file.cpp", "");
  ConfigurationProvider provider({});
  llvm::Expected<RuleSelection> selection = provider.selectionFor(source);
  ASSERT_TRUE(bool(selection)) << llvm::toString(selection.takeError());
  EXPECT_EQ(selection->warningsAsErrors, "");
  ASSERT_EQ(selection->rules.size(), 1u);
  EXPECT_EQ(selection->rules.front()->info.id, "threadlint-per-key-mutex");
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
  // A family name is not a prefix of its checks' ids.
  EXPECT_EQ(globsMatchingNoCheck("-*,threadlint-names-*").size(), 1u);
}

// Other tools' checks are accepted and ignored, as in `.clang-tidy`.
TEST(RuleSelection, OtherToolsGlobsAreAccepted) {
  EXPECT_TRUE(globsMatchingNoCheck("-*,bugprone-*,threadlint-*").empty());
  EXPECT_TRUE(globsMatchingNoCheck("clang-analyzer-*,-modernize-use-trailing-return-type").empty());
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
TEST(CheckConfiguration, AnUnknownKeyWithoutAValueNodeDoesNotCrash) {
  const std::string input("Checks: \"threadlint-unbounded-que\n keue2\"\nKpey(y: !}\n%hecks-:\n  - {-cks:\n kees, vxL - {-cks:\n keock' }\n",
                          103);
  llvm::Expected<CheckConfiguration> parsed = parseCheckConfiguration(input, "fuzzed");
  // clang-tidy's parser rejects it (an unknown key); either way, no crash.
  if (parsed)
    EXPECT_TRUE(parsed->Checks.has_value());
  else
    EXPECT_NE(llvm::toString(parsed.takeError()).find("fuzzed"), std::string::npos);
}

// clang-tidy's YAML reader recurses once per level: a balanced but absurdly
// deep document is refused before it reaches it, as an unbalanced one is.
TEST(CheckConfiguration, DeepNestingIsAnErrorNotAStackOverflow) {
  std::string flow = "Checks: " + std::string(100000, '[') + std::string(100000, ']') + "\n";
  llvm::Expected<CheckConfiguration> deep = parseCheckConfiguration(flow, "deep.yaml");
  ASSERT_FALSE(static_cast<bool>(deep));
  EXPECT_NE(llvm::toString(deep.takeError()).find("deep.yaml: line 1: nested deeper"),
            std::string::npos);
  std::string block = "CheckOptions:\n";
  for (unsigned level = 1; level <= 300; ++level)
    block += std::string(level, ' ') + "k" + std::to_string(level) + ":\n";
  llvm::Expected<CheckConfiguration> indented = parseCheckConfiguration(block, "block.yaml");
  ASSERT_FALSE(static_cast<bool>(indented));
  llvm::consumeError(indented.takeError());
  // Brackets inside quotes and comments are text.
  llvm::Expected<CheckConfiguration> quoted = parseCheckConfiguration(
      "Checks: '" + std::string(200, '[') + "' # " + std::string(200, '{') + "\n", "q");
  ASSERT_TRUE(static_cast<bool>(quoted)) << llvm::toString(quoted.takeError());
}

// The nesting check is not fooled by a comment in column 0 that holds a
// quote, and counts compact sequences (`- - - x`) too.
TEST(CheckConfiguration, TheNestingCheckSeesThroughCommentsAndCompactSequences) {
  std::string hidden = "Checks: x\n#'\n" + std::string(1000, '[') + "\n";
  llvm::Expected<CheckConfiguration> behindComment = parseCheckConfiguration(hidden, "c");
  ASSERT_FALSE(static_cast<bool>(behindComment));
  EXPECT_NE(llvm::toString(behindComment.takeError()).find("nested deeper"), std::string::npos);
  std::string compact = "ExtraArgs:\n";
  for (unsigned level = 0; level < 1000; ++level)
    compact += "- ";
  compact += "x\n";
  llvm::Expected<CheckConfiguration> dashes = parseCheckConfiguration(compact, "d");
  ASSERT_FALSE(static_cast<bool>(dashes));
  EXPECT_NE(llvm::toString(dashes.takeError()).find("nested deeper"), std::string::npos);
}
