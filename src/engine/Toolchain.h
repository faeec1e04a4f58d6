// Where clang 19's builtin headers (stddef.h, ...) are, so a LibTooling binary
// installed anywhere parses like the compiler does.
#pragma once

#include "clang/Tooling/ArgumentsAdjusters.h"

#include <optional>
#include <string>
#include <vector>

namespace threadlint {

/// The first of: $THREADLINT_RESOURCE_DIR, `<executable>/../lib/clang/19`,
/// the directory found at build time, Debian's `/usr/lib/llvm-19/lib/clang/19`
/// that holds `include/stddef.h`.
std::optional<std::string> findClangResourceDir(const char *argv0);

/// Adds `-resource-dir=<dir>` unless the command already has one.
clang::tooling::ArgumentsAdjuster resourceDirAdjuster(std::string resourceDir);

/// A compile command made fit for analysis by clang: what GCC (or another
/// compiler version) accepts but clang does not know is left out, and no
/// warning can become an error (`-Werror` with a warning option clang lacks,
/// such as GCC's -Wlogical-op, would fail every file).
struct AnalysisCommand {
  std::vector<std::string> arguments;
  /// The options left out, in the order the command had them.
  std::vector<std::string> dropped;
};

/// `arguments` starts with the compiler, as in a compilation database.
AnalysisCommand adaptForAnalysis(const std::vector<std::string> &arguments);

/// adaptForAnalysis as an adjuster, for ClangTool.
clang::tooling::ArgumentsAdjuster analysisCommandAdjuster();

} // namespace threadlint
