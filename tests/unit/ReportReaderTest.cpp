#include "engine/Report.h"

#include <gtest/gtest.h>

using namespace threadlint;

namespace {

std::string reportWithLine(const std::string &line) {
  return R"({"tool": {"name": "threadlint"}, "diagnostics": [{"check": "threadlint-detached-thread",
    "message": "m", "file": "/a.cpp", "line": )" +
         line + R"(, "column": 3}]})";
}

} // namespace

TEST(ReportReader, ReadsWhatItWrites) {
  llvm::Expected<ScanReport> report = readJsonReport(reportWithLine("7"));
  ASSERT_TRUE(static_cast<bool>(report)) << llvm::toString(report.takeError());
  ASSERT_EQ(report->diagnostics.size(), 1u);
  EXPECT_EQ(report->diagnostics[0].position.line, 7u);
}

// Found by fuzz-json-report: a line of 7.77778e+125 was converted to
// unsigned, which is undefined behaviour. Numbers that are not unsigned
// integers that fit are now a shape error.
TEST(ReportReader, LinesThatAreNotUnsignedIntegersAreRejected) {
  for (const char *line : {"7.77778e+125", "-1", "3.5", "4294967296", "\"7\""}) {
    llvm::Expected<ScanReport> report = readJsonReport(reportWithLine(line));
    EXPECT_FALSE(static_cast<bool>(report)) << line;
    if (!report)
      llvm::consumeError(report.takeError());
  }
}
