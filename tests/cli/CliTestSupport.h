// Runs the real threadlint binary in a scratch directory and captures what it
// prints, for tests of the command line's behaviour.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace threadlint::testing {

struct CliResult {
  int exitCode = -1;
  std::string out;
  std::string err;
  nlohmann::json json() const;
};

/// A directory that is removed with everything in it when the test ends.
class ScratchDirectory {
public:
  ScratchDirectory();
  ~ScratchDirectory();
  ScratchDirectory(const ScratchDirectory &) = delete;
  ScratchDirectory &operator=(const ScratchDirectory &) = delete;

  const std::string &path() const { return path_; }
  std::string file(const std::string &relative) const;
  /// Writes `text` to `relative`, creating directories; returns the path.
  std::string write(const std::string &relative, const std::string &text) const;
  /// Writes a compile_commands.json compiling each of `sources` with C++20.
  std::string writeDatabase(const std::vector<std::string> &sources) const;

private:
  std::string path_;
};

/// Runs `program`; `environment` (NAME=value entries) replaces the inherited
/// one when given. A run past `timeoutSeconds` is killed and fails the test.
CliResult runProgram(const std::string &program, const std::vector<std::string> &args,
                     const std::optional<std::vector<std::string>> &environment = std::nullopt,
                     unsigned timeoutSeconds = 300);
CliResult runThreadlint(const std::vector<std::string> &args);
std::string readText(const std::string &path);
bool fileExists(const std::string &path);

} // namespace threadlint::testing
