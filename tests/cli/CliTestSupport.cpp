#include "CliTestSupport.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

namespace threadlint::testing {

nlohmann::json CliResult::json() const {
  nlohmann::json parsed = nlohmann::json::parse(out, nullptr, false);
  EXPECT_FALSE(parsed.is_discarded()) << "stdout is not JSON:\n" << out;
  return parsed;
}

ScratchDirectory::ScratchDirectory() {
  llvm::SmallString<128> directory;
  if (std::error_code error = llvm::sys::fs::createUniqueDirectory("threadlint-cli-test", directory))
    ADD_FAILURE() << "cannot create a scratch directory: " << error.message();
  (void)llvm::sys::fs::real_path(directory, directory); // keeps the path as it was on failure
  path_ = std::string(directory);
}

ScratchDirectory::~ScratchDirectory() { (void)llvm::sys::fs::remove_directories(path_); }

std::string ScratchDirectory::file(const std::string &relative) const {
  llvm::SmallString<256> full(path_);
  llvm::sys::path::append(full, relative);
  return std::string(full);
}

std::string ScratchDirectory::write(const std::string &relative, const std::string &text) const {
  std::string full = file(relative);
  if (std::error_code error = llvm::sys::fs::create_directories(llvm::sys::path::parent_path(full)))
    ADD_FAILURE() << "cannot create the directory of " << full << ": " << error.message();
  std::error_code error;
  llvm::raw_fd_ostream out(full, error);
  EXPECT_FALSE(error) << error.message();
  out << text;
  return full;
}

std::string ScratchDirectory::writeDatabase(const std::vector<std::string> &sources) const {
  nlohmann::json commands = nlohmann::json::array();
  for (const std::string &source : sources)
    commands.push_back({{"directory", path_},
                        {"file", source},
                        {"arguments", {"clang++", "-std=c++20", "-c", source}}});
  return write("build/compile_commands.json", commands.dump(2));
}

CliResult runProgram(const std::string &program, const std::vector<std::string> &args,
                     const std::optional<std::vector<std::string>> &environment,
                     unsigned timeoutSeconds) {
  llvm::SmallString<128> outPath, errPath;
  EXPECT_FALSE(llvm::sys::fs::createTemporaryFile("threadlint-cli", "out", outPath));
  EXPECT_FALSE(llvm::sys::fs::createTemporaryFile("threadlint-cli", "err", errPath));
  std::vector<llvm::StringRef> argv{program};
  argv.insert(argv.end(), args.begin(), args.end());
  std::optional<llvm::StringRef> redirects[] = {llvm::StringRef(""), outPath.str(), errPath.str()};
  CliResult result;
  std::string error;
  std::optional<llvm::ArrayRef<llvm::StringRef>> env;
  std::vector<llvm::StringRef> envRefs;
  if (environment) {
    envRefs.assign(environment->begin(), environment->end());
    env = envRefs;
  }
  result.exitCode =
      llvm::sys::ExecuteAndWait(program, argv, env, redirects, timeoutSeconds, 0, &error);
  EXPECT_TRUE(error.empty()) << error;
  result.out = readText(std::string(outPath));
  result.err = readText(std::string(errPath));
  (void)llvm::sys::fs::remove(outPath); // a leftover temporary file is harmless
  (void)llvm::sys::fs::remove(errPath);
  return result;
}

CliResult runThreadlint(const std::vector<std::string> &args) {
  return runProgram(THREADLINT_CLI_PATH, args);
}

std::string readText(const std::string &path) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  return buffer ? (*buffer)->getBuffer().str() : std::string();
}

bool fileExists(const std::string &path) { return llvm::sys::fs::exists(path); }

} // namespace threadlint::testing
