#include "engine/TestCode.h"

#include <gtest/gtest.h>

using namespace threadlint;

// RULES.md: a path component test, tests, unittest, unittests or testing, or a
// file name ending in _test, _unittest, Test or Tests before the extension.
TEST(TestCode, TheDefaultTestFileRegexFollowsTheContract) {
  llvm::Regex regex(DefaultTestFileRegex);
  for (const char *path :
       {"/p/test/a.cpp", "/p/tests/b.cc", "/p/unittest/c.cpp", "/p/unittests/d.cpp",
        "/p/testing/e.cpp", "/p/src/queue_test.cpp", "/p/src/queue_unittest.cc",
        "/p/src/QueueTest.cpp", "/p/src/QueueTests.hpp", "test/relative.cpp"})
    EXPECT_TRUE(regex.match(path)) << path;
  for (const char *path :
       {"/p/src/queue.cpp", "/p/src/contest.cpp", "/p/latest/x.cpp", "/p/attestation/a.cpp",
        "/p/src/test_multiplexer.cpp", "/p/src/Testing.cpp", "/p/tests.d/x.cpp"})
    EXPECT_FALSE(regex.match(path)) << path;
}
