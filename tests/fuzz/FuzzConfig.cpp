// libFuzzer target: the .clang-tidy reader on arbitrary bytes. It must accept
// or reject every input with an error, never crash, hang or leak.
#include "engine/Config.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  llvm::Expected<threadlint::CheckConfiguration> configuration =
      threadlint::parseCheckConfiguration(text, "fuzz.clang-tidy");
  if (!configuration)
    llvm::consumeError(configuration.takeError());
  return 0;
}
