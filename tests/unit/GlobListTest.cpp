#include "engine/GlobList.h"

#include <gtest/gtest.h>

using threadlint::GlobList;

TEST(GlobList, LastMatchingGlobDecides) {
  GlobList globs("-*,threadlint-*,-threadlint-detached-thread");
  EXPECT_TRUE(globs.contains("threadlint-discarded-async"));
  EXPECT_FALSE(globs.contains("threadlint-detached-thread"));
  EXPECT_FALSE(globs.contains("bugprone-use-after-move"));
}

TEST(GlobList, WhitespaceAndEmptyEntriesAreIgnored) {
  GlobList globs(" threadlint-detached-* , ,");
  EXPECT_TRUE(globs.contains("threadlint-detached-thread"));
  EXPECT_FALSE(globs.contains("threadlint-discarded-async"));
}

TEST(GlobList, EmptyListContainsNothing) { EXPECT_FALSE(GlobList("").contains("anything")); }

TEST(GlobList, RegexCharactersAreLiteral) {
  GlobList globs("a.b");
  EXPECT_TRUE(globs.contains("a.b"));
  EXPECT_FALSE(globs.contains("axb"));
}

TEST(GlobList, NegativeGlobsCanBeDropped) {
  GlobList globs("*,-threadlint-x", /*keepNegativeGlobs=*/false);
  EXPECT_TRUE(globs.contains("threadlint-x"));
}
