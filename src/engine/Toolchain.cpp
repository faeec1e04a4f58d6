#include "engine/Toolchain.h"

#include "clang/Driver/Options.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"

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

namespace {

/// clang-cl takes another option table.
bool isClDriverMode(const std::vector<std::string> &arguments) {
  for (const std::string &argument : arguments)
    if (argument == "--driver-mode=cl")
      return true;
  if (arguments.empty())
    return false;
  llvm::StringRef compiler = llvm::sys::path::stem(arguments.front());
  return compiler.equals_insensitive("cl") || compiler.equals_insensitive("clang-cl");
}

} // namespace

AnalysisCommand adaptForAnalysis(const std::vector<std::string> &arguments) {
  AnalysisCommand command;
  if (arguments.empty() || isClDriverMode(arguments)) {
    command.arguments = arguments;
    return command;
  }
  // The driver's own option table says which arguments clang knows; an
  // unknown one (`-fconcepts-diagnostics-depth=3`) is an error for clang.
  std::vector<const char *> argv;
  argv.reserve(arguments.size());
  for (std::size_t index = 1; index < arguments.size(); ++index)
    argv.push_back(arguments[index].c_str());
  unsigned missingIndex = 0, missingCount = 0;
  llvm::opt::InputArgList parsed = clang::driver::getDriverOptTable().ParseArgs(
      argv, missingIndex, missingCount,
      llvm::opt::Visibility(clang::driver::options::ClangOption));
  std::vector<bool> unknown(arguments.size(), false);
  for (const llvm::opt::Arg *argument : parsed.filtered(clang::driver::options::OPT_UNKNOWN))
    unknown[argument->getIndex() + 1] = true;
  command.arguments.reserve(arguments.size() + 1);
  command.arguments.push_back(arguments.front());
  // Warnings are not what an analysis is for, and with -w none of them (an
  // unknown warning option among them) can be turned into an error. Placed
  // first, so that a `--` before the file cannot make it an input.
  command.arguments.emplace_back("-w");
  for (std::size_t index = 1; index < arguments.size(); ++index) {
    if (unknown[index])
      command.dropped.push_back(arguments[index]);
    else
      command.arguments.push_back(arguments[index]);
  }
  return command;
}

clang::tooling::ArgumentsAdjuster analysisCommandAdjuster() {
  return [](const clang::tooling::CommandLineArguments &arguments, llvm::StringRef) {
    return adaptForAnalysis(arguments).arguments;
  };
}

} // namespace threadlint
