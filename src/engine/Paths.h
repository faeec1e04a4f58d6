// The one way paths are made absolute across the engine and the CLI, so a
// file is named the same in every report and every comparison.
#pragma once

#include "llvm/ADT/StringRef.h"

#include <string>

namespace threadlint {

/// Absolute, with `.` and `..` removed; left relative only if the current
/// directory cannot be read.
std::string absolutePath(llvm::StringRef path);

} // namespace threadlint
