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

/// Whether a pipe or device may be read. Only a file the user named on the
/// command line may be one (`--config-file=/dev/stdin`); a file threadlint
/// finds by searching (a `.clang-tidy`, a compile_commands.json) must be a
/// regular file, or a FIFO planted there would block the scan forever.
enum class Streams { Allowed, Refused };

/// The whole of `path`, or an error naming why not ("is a directory",
/// "is 5 GB, over the limit of 256 MiB for a report", the system's reason).
/// The message does not repeat the path; callers add it with their context.
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
readBoundedFile(llvm::StringRef path, std::uint64_t limit, llvm::StringRef kind,
                Streams streams = Streams::Allowed);

} // namespace threadlint
