// Where a translation unit's test code is (RULES.md, "Test code"): files
// whose path (relative to the top of their git work tree) matches the
// TestFileRegex option, and the bodies test frameworks
// generate — GoogleTest's TEST/TEST_F/TEST_P bodies and every member of a
// ::testing::Test subclass, Catch2's TEST_CASE (and its SECTIONs), doctest's
// test cases, Boost.Test's cases. Rules marked (production code) stay quiet
// there unless IncludeTestCode is set.
#pragma once

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Regex.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class SourceManager;
} // namespace clang

namespace threadlint {

class RuleOptions;

/// RULES.md's default: a path component test, tests, unittest, unittests or
/// testing, or a file name ending in _test, _unittest, Test or Tests.
inline constexpr const char *DefaultTestFileRegex =
    "(^|/)(test|tests|unittest|unittests|testing)/|(_test|_unittest|Test|Tests)\\.[^/.]*$";

class TestCodeIndex {
public:
  /// Finds the framework-generated test bodies of `context`'s user code.
  TestCodeIndex(clang::ASTContext &context, const std::string &testFileRegex);

  /// Whether `location` (its expansion) is in a test file or a test body.
  bool contains(clang::SourceLocation location) const;

  const clang::ASTContext &context() const { return context_; }

private:
  bool isTestFile(clang::FileID file) const;
  std::string pathForMatching(llvm::StringRef name) const;

  const clang::ASTContext &context_;
  const clang::SourceManager &sources_;
  llvm::Regex testFiles_;
  /// Test bodies as file ranges, in the order they were found.
  std::vector<clang::SourceRange> bodies_;
  mutable llvm::DenseMap<clang::FileID, bool> testFileCache_;
  mutable llvm::StringMap<std::optional<std::string>> workTreeTops_;
};

/// The IncludeTestCode option (local-or-global), in clang-tidy's spellings
/// of true: the rules and the design report read it alike.
bool includesTestCode(const RuleOptions &options);
/// The TestFileRegex option (local-or-global), or RULES.md's default.
std::string testFileRegexOf(const RuleOptions &options);

/// Test code as a rule or the design report sees it: nothing when
/// IncludeTestCode is set, else a TestCodeIndex built on the first question
/// about a translation unit.
class TestCodeFilter {
public:
  explicit TestCodeFilter(const RuleOptions &options);
  ~TestCodeFilter();
  bool contains(clang::ASTContext &context, clang::SourceLocation location);

private:
  const RuleOptions &options_;
  std::unique_ptr<TestCodeIndex> index_;
};

/// Whether the macros a location was expanded from include a test
/// framework's test-case macro (TEST, TEST_F, TEST_CASE, BOOST_AUTO_TEST_CASE…).
bool isExpandedFromTestMacro(clang::SourceLocation location, const clang::ASTContext &context);

} // namespace threadlint
