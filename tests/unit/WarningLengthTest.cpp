// RULES.md "Messages are short": fitWarning keeps a warning within 100
// characters by eliding the middle of its longest quoted names.
#include "engine/Rule.h"

#include <gtest/gtest.h>

namespace threadlint {
namespace {

TEST(FitWarning, LeavesAShortWarningAlone) {
  std::string message = "'reply.get()' waits with no deadline in destructor '~Session'";
  EXPECT_EQ(fitWarning(message), message);
}

TEST(FitWarning, ElidesTheLongestNamesUntilTheWarningFits) {
  std::string message = "'this->shutdown_acknowledged_by_every_worker_.wait()' waits with no "
                        "deadline for 'shutdown_acknowledgement_promise_', handed to another thread";
  ASSERT_GT(message.size(), MaximumWarningLength);
  std::string fitted = fitWarning(message);
  EXPECT_LE(fitted.size(), MaximumWarningLength) << fitted;
  // The sentence stays whole; the names keep their ends.
  EXPECT_NE(fitted.find("' waits with no deadline for '"), std::string::npos) << fitted;
  EXPECT_NE(fitted.find("', handed to another thread"), std::string::npos) << fitted;
  EXPECT_EQ(fitted.rfind("'this->", 0), 0u) << fitted;
  EXPECT_NE(fitted.find("..."), std::string::npos) << fitted;
  EXPECT_NE(fitted.find("wait()'"), std::string::npos) << fitted;
  EXPECT_NE(fitted.find("'shutdown_"), std::string::npos) << fitted;
  EXPECT_NE(fitted.find("promise_'"), std::string::npos) << fitted;
}

TEST(FitWarning, StopsWhenOnlyTheSentenceIsTooLong) {
  std::string sentence(120, 'x');
  std::string message = "'short_name' " + sentence;
  EXPECT_EQ(fitWarning(message), message);
  EXPECT_EQ(fitWarning("no quoted name at all " + sentence), "no quoted name at all " + sentence);
}

TEST(FitWarning, AnUnclosedQuoteIsNotAName) {
  std::string message = "'" + std::string(150, 'a');
  EXPECT_EQ(fitWarning(message), message);
}

} // namespace
} // namespace threadlint
