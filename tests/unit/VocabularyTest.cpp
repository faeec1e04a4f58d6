// The vocabulary decides by declarations, so spelling must not matter.
#include "engine/Vocabulary.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"

#include <gtest/gtest.h>

namespace threadlint {
namespace {
using namespace clang::ast_matchers;

class VocabularyTest : public ::testing::TestWithParam<const char *> {
protected:
  std::unique_ptr<clang::ASTUnit> parse(const std::string &code) {
    return clang::tooling::buildASTFromCodeWithArgs(
        code,
        {"-std=c++20", std::string("-stdlib=") + GetParam(), "-fexperimental-library",
         "-resource-dir=" THREADLINT_CLANG_RESOURCE_DIR},
        "input.cpp", "clang++");
  }

  /// Whether the variable `name` has a type of `kind`, asked both ways.
  bool variableIs(clang::ASTUnit &unit, const std::string &name, ConcurrencyKind kind) {
    auto found =
        match(varDecl(hasName(name), isExpansionInMainFile()).bind("v"), unit.getASTContext());
    EXPECT_EQ(found.size(), 1u) << name;
    if (found.empty())
      return false;
    const auto *variable = found[0].getNodeAs<clang::VarDecl>("v");
    bool byPredicate = vocabulary_.typeIs(variable->getType(), kind);
    bool byMatcher = !match(varDecl(hasName(name), isExpansionInMainFile(),
                                          hasType(vocabulary_.type(kind))),
                            unit.getASTContext())
                          .empty();
    EXPECT_EQ(byPredicate, byMatcher) << name;
    return byPredicate;
  }

  ConcurrencyVocabulary vocabulary_;
};

TEST_P(VocabularyTest, ThreadsThroughAliasesAutoAndReferences) {
  auto unit = parse(R"(
    #include <thread>
    using Worker = std::thread;
    typedef std::jthread Joining;
    void f() {
      Worker aliased;
      Joining joining;
      auto deduced = std::thread();
      std::thread &reference = aliased;
      int notAThread = 0;
    }
  )");
  ASSERT_TRUE(unit);
  EXPECT_TRUE(variableIs(*unit, "aliased", ConcurrencyKind::Thread));
  EXPECT_TRUE(variableIs(*unit, "joining", ConcurrencyKind::Thread));
  EXPECT_TRUE(variableIs(*unit, "deduced", ConcurrencyKind::Thread));
  EXPECT_TRUE(variableIs(*unit, "reference", ConcurrencyKind::Thread));
  EXPECT_FALSE(variableIs(*unit, "notAThread", ConcurrencyKind::Thread));
}

TEST_P(VocabularyTest, GuardsWithCtadAndSharedMutexes) {
  auto unit = parse(R"(
    #include <mutex>
    #include <shared_mutex>
    #include <condition_variable>
    #include <future>
    #include <semaphore>
    #include <map>
    std::mutex m;
    std::shared_mutex rw;
    void f() {
      std::lock_guard deduced(m);
      std::scoped_lock scoped(m, rw);
      std::shared_lock reader(rw);
      std::condition_variable_any anyCondition;
      std::shared_future<int> shared;
      std::binary_semaphore binary(0);
      std::map<int, int> table;
    }
  )");
  ASSERT_TRUE(unit);
  EXPECT_TRUE(variableIs(*unit, "m", ConcurrencyKind::Mutex));
  EXPECT_FALSE(variableIs(*unit, "m", ConcurrencyKind::SharedMutex));
  EXPECT_TRUE(variableIs(*unit, "rw", ConcurrencyKind::SharedMutex));
  EXPECT_TRUE(variableIs(*unit, "rw", ConcurrencyKind::Mutex));
  EXPECT_TRUE(variableIs(*unit, "deduced", ConcurrencyKind::ExclusiveGuard));
  EXPECT_TRUE(variableIs(*unit, "scoped", ConcurrencyKind::ExclusiveGuard));
  EXPECT_TRUE(variableIs(*unit, "reader", ConcurrencyKind::SharedGuard));
  EXPECT_FALSE(variableIs(*unit, "reader", ConcurrencyKind::ExclusiveGuard));
  EXPECT_TRUE(variableIs(*unit, "anyCondition", ConcurrencyKind::ConditionVariable));
  EXPECT_TRUE(variableIs(*unit, "shared", ConcurrencyKind::Future));
  EXPECT_TRUE(variableIs(*unit, "binary", ConcurrencyKind::Semaphore));
  EXPECT_TRUE(variableIs(*unit, "table", ConcurrencyKind::AssociativeContainer));
}

TEST_P(VocabularyTest, LookalikesInOtherNamespacesAreNotStandardTypes) {
  auto unit = parse(R"(
    namespace mine { struct thread {}; struct mutex {}; }
    namespace std2 { struct thread {}; }
    mine::thread fake;
    mine::mutex fakeMutex;
    std2::thread alsoFake;
  )");
  ASSERT_TRUE(unit);
  EXPECT_FALSE(variableIs(*unit, "fake", ConcurrencyKind::Thread));
  EXPECT_FALSE(variableIs(*unit, "fakeMutex", ConcurrencyKind::Mutex));
  EXPECT_FALSE(variableIs(*unit, "alsoFake", ConcurrencyKind::Thread));
}

INSTANTIATE_TEST_SUITE_P(StandardLibraries, VocabularyTest,
                         ::testing::Values("libstdc++", "libc++"),
                         [](const auto &info) {
                           return std::string(info.param) == "libc++" ? "libcxx" : "libstdcxx";
                         });

TEST(QualifiedName, LeavesOutInlineNamespaces) {
  auto unit = clang::tooling::buildASTFromCode(
      "namespace std { inline namespace __1 { struct thread {}; } }");
  auto found = match(cxxRecordDecl(hasName("thread"), unless(isImplicit())).bind("r"), unit->getASTContext());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(qualifiedNameOf(*found[0].getNodeAs<clang::NamedDecl>("r")), "::std::thread");
}

} // namespace
} // namespace threadlint
