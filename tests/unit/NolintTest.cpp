#include "engine/Nolint.h"

#include <gtest/gtest.h>

using threadlint::NolintDirective;
using threadlint::parseNolintDirectives;

TEST(NolintParser, RecognisesTheFourKinds) {
  auto directives = parseNolintDirectives(
      "a // NOLINT\nb // NOLINTNEXTLINE\n// NOLINTBEGIN\n// NOLINTEND\n// NOLINTLATER");
  ASSERT_EQ(directives.size(), 4u);
  EXPECT_EQ(directives[0].kind, NolintDirective::Kind::SameLine);
  EXPECT_EQ(directives[1].kind, NolintDirective::Kind::NextLine);
  EXPECT_EQ(directives[2].kind, NolintDirective::Kind::Begin);
  EXPECT_EQ(directives[3].kind, NolintDirective::Kind::End);
  EXPECT_EQ(directives[0].offset, 5u);
}

TEST(NolintParser, CheckListsAreGlobsWithWhitespaceIgnored) {
  auto directives = parseNolintDirectives("// NOLINT( threadlint-detached-* , other )");
  ASSERT_EQ(directives.size(), 1u);
  EXPECT_EQ(directives[0].checks.value_or("<none>"), "threadlint-detached-*,other");
  EXPECT_TRUE(directives[0].suppresses("threadlint-detached-thread"));
  EXPECT_TRUE(directives[0].suppresses("other"));
  EXPECT_FALSE(directives[0].suppresses("threadlint-discarded-async"));
}

TEST(NolintParser, WithoutParenthesesEverythingIsSuppressed) {
  auto directives = parseNolintDirectives("// NOLINT without brackets, check");
  ASSERT_EQ(directives.size(), 1u);
  EXPECT_FALSE(directives[0].checks);
  EXPECT_TRUE(directives[0].suppresses("threadlint-anything"));
}

TEST(NolintParser, UnclosedParenthesisMeansEverything) {
  auto directives = parseNolintDirectives("// NOLINT(unclosed\nnext line)");
  ASSERT_EQ(directives.size(), 1u);
  EXPECT_FALSE(directives[0].checks);
  EXPECT_TRUE(directives[0].suppresses("threadlint-detached-thread"));
}

TEST(NolintParser, EmptyListSuppressesNothingAndNegativeGlobsAreIgnored) {
  auto empty = parseNolintDirectives("// NOLINT()");
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_FALSE(empty[0].suppresses("threadlint-detached-thread"));
  auto negative = parseNolintDirectives("// NOLINT(-threadlint-detached-thread)");
  ASSERT_EQ(negative.size(), 1u);
  EXPECT_FALSE(negative[0].suppresses("threadlint-detached-thread"));
}
