// Every file threadlint reads on the user's behalf (a .clang-tidy, a report
// to merge or baseline against, a compilation database) comes through here:
// read whole, but never more than a limit, so hostile or accidental input
// (a multi-gigabyte file, /dev/zero named as a config) is refused with a
// clear error instead of exhausting memory.
#pragma once

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>
#include <memory>

namespace threadlint {

/// Limits far above anything real (a .clang-tidy is a few KiB; a report of a
/// million findings is ~500 MB, the largest public compilation databases a
/// few hundred MB) and low enough that parsing stays within a few GiB.
namespace input_limits {
constexpr std::uint64_t ConfigurationBytes = 4ull << 20;
constexpr std::uint64_t ReportBytes = 256ull << 20;
constexpr std::uint64_t DatabaseBytes = 1ull << 30;
} // namespace input_limits

/// The whole of `path`, or an error naming why not ("is a directory",
/// "is 5 GB, over the limit of 512 MiB for a report", the system's reason).
/// The message does not repeat the path; callers add it with their context.
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
readBoundedFile(llvm::StringRef path, std::uint64_t limit, llvm::StringRef kind);

} // namespace threadlint
