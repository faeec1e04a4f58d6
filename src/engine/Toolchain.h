// Where clang 19's builtin headers (stddef.h, ...) are, so a LibTooling binary
// installed anywhere parses like the compiler does.
#pragma once

#include "clang/Tooling/ArgumentsAdjusters.h"

#include <optional>
#include <string>

namespace threadlint {

/// The first of: $THREADLINT_RESOURCE_DIR, `<executable>/../lib/clang/19`,
/// the directory found at build time, Debian's `/usr/lib/llvm-19/lib/clang/19`
/// that holds `include/stddef.h`.
std::optional<std::string> findClangResourceDir(const char *argv0);

/// Adds `-resource-dir=<dir>` unless the command already has one.
clang::tooling::ArgumentsAdjuster resourceDirAdjuster(std::string resourceDir);

} // namespace threadlint
