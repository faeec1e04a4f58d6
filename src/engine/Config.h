// Which checks run and with what options, read from `.clang-tidy` files the
// way clang-tidy reads them, so one file configures the plugin and the CLI.
#pragma once

#include "engine/Rule.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace threadlint {

struct CheckConfiguration {
  std::string checks; ///< clang-tidy glob list
  std::map<std::string, std::string> options; ///< CheckOptions, key -> value
  bool inheritParent = false;

  /// Appends `later`'s checks and lets its options win, like clang-tidy.
  void mergeWith(const CheckConfiguration &later);
};

/// Parses the YAML of a `.clang-tidy` file (or of `--config`). Errors name
/// `sourceName` and the line.
llvm::Expected<CheckConfiguration> parseCheckConfiguration(llvm::StringRef yaml,
                                                           llvm::StringRef sourceName);

/// `foundBySearch`: a `.clang-tidy` found above a source file rather than
/// named by the user, which must be a regular file.
llvm::Expected<CheckConfiguration> readCheckConfigurationFile(llvm::StringRef path,
                                                              bool foundBySearch = false);

/// The options one rule sees: `<check>.<name>`, or `<name>` for the
/// local-or-global look-up.
class MapRuleOptions : public RuleOptions {
public:
  MapRuleOptions(std::string check, const std::map<std::string, std::string> &options)
      : check_(std::move(check)), options_(options) {}
  std::optional<std::string> get(llvm::StringRef localName) const override;
  std::optional<std::string> getLocalOrGlobal(llvm::StringRef localName) const override;

private:
  std::string check_;
  const std::map<std::string, std::string> &options_;
};

/// The rules enabled for one file, with their options.
struct RuleSelection {
  std::vector<const RuleEntry *> rules;
  std::map<std::string, std::string> options;
};

/// Finds the configuration for each source file: an explicit one when given,
/// otherwise the nearest `.clang-tidy` up the directory tree (following
/// `InheritParentConfig`), then the command line's `--checks`.
class ConfigurationProvider {
public:
  struct Settings {
    std::string defaultChecks = "threadlint-*";
    std::string commandLineChecks;
    std::optional<CheckConfiguration> explicitConfiguration;
  };
  explicit ConfigurationProvider(Settings settings);

  llvm::Expected<RuleSelection> selectionFor(llvm::StringRef sourceFile);
  llvm::Expected<CheckConfiguration> configurationFor(llvm::StringRef sourceFile);

private:
  llvm::Expected<CheckConfiguration> configurationOfDirectory(llvm::StringRef directory);

  Settings settings_;
  std::mutex cacheMutex_;
  llvm::StringMap<CheckConfiguration> directoryCache_;
};

/// Every positive glob of `globs` that names no known check; a typo on the
/// command line must not silently disable everything.
std::vector<std::string> globsMatchingNoCheck(llvm::StringRef globs);

} // namespace threadlint
