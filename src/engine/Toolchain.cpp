#include "engine/Toolchain.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

#include <vector>

namespace threadlint {
namespace {

bool hasBuiltinHeaders(llvm::StringRef directory) {
  llvm::SmallString<256> header(directory);
  llvm::sys::path::append(header, "include", "stddef.h");
  return llvm::sys::fs::exists(header);
}

} // namespace

std::optional<std::string> findClangResourceDir(const char *argv0) {
  std::vector<std::string> candidates;
  if (std::optional<std::string> fromEnvironment =
          llvm::sys::Process::GetEnv("THREADLINT_RESOURCE_DIR"))
    candidates.push_back(*fromEnvironment);
  if (argv0) {
    static int anchor;
    std::string executable = llvm::sys::fs::getMainExecutable(argv0, &anchor);
    if (!executable.empty()) {
      llvm::SmallString<256> beside(llvm::sys::path::parent_path(executable));
      llvm::sys::path::append(beside, "..", "lib", "clang", "19");
      candidates.push_back(std::string(beside));
    }
  }
  candidates.emplace_back(THREADLINT_CLANG_RESOURCE_DIR);
  candidates.emplace_back("/usr/lib/llvm-19/lib/clang/19");
  for (const std::string &candidate : candidates)
    if (hasBuiltinHeaders(candidate))
      return candidate;
  return std::nullopt;
}

clang::tooling::ArgumentsAdjuster resourceDirAdjuster(std::string resourceDir) {
  return [resourceDir](const clang::tooling::CommandLineArguments &arguments,
                       llvm::StringRef) {
    for (const std::string &argument : arguments)
      if (llvm::StringRef(argument).starts_with("-resource-dir"))
        return arguments;
    clang::tooling::CommandLineArguments adjusted = arguments;
    adjusted.insert(adjusted.begin() + (adjusted.empty() ? 0 : 1),
                    "-resource-dir=" + resourceDir);
    return adjusted;
  };
}

} // namespace threadlint
