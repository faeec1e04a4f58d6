// libFuzzer target: the JSON report reader behind `--baseline` and `merge`.
// Whatever it accepts must survive a round trip: written again and read back,
// it is the same report.
#include "engine/Report.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  llvm::Expected<threadlint::ScanReport> report = threadlint::readJsonReport(text);
  if (!report) {
    llvm::consumeError(report.takeError());
    return 0;
  }
  std::string written = threadlint::toJson(*report).dump(
      2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  llvm::Expected<threadlint::ScanReport> again = threadlint::readJsonReport(written);
  if (!again)
    std::abort(); // what we write, we must read
  std::string rewritten = threadlint::toJson(*again).dump(
      2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  if (rewritten != written)
    std::abort();
  return 0;
}
