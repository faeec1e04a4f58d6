// Which checks run and with what options, read from `.clang-tidy` files by
// clang-tidy's own parser and merged by its own rules, so one file means the
// same to the plugin and to the CLI: every key clang-tidy 19 knows (Checks,
// WarningsAsErrors, HeaderFilterRegex, ExcludeHeaderFilterRegex,
// SystemHeaders, ExtraArgs, ExtraArgsBefore, CheckOptions,
// InheritParentConfig, ...); a top-level key it does not know is left out
// with a warning.
#pragma once

#include "engine/Rule.h"

#include "ClangTidyOptions.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace threadlint {

/// One configuration, exactly as clang-tidy 19 holds it.
using CheckConfiguration = clang::tidy::ClangTidyOptions;

/// Parses the YAML of a `.clang-tidy` file (or of `--config`) with
/// clang-tidy's parser. Errors name `sourceName` and the line. Top-level keys
/// clang-tidy 19 does not know are left out, and said in `ignored`.
llvm::Expected<CheckConfiguration>
parseCheckConfiguration(llvm::StringRef yaml, llvm::StringRef sourceName,
                        std::vector<std::string> *ignored = nullptr);

/// `foundBySearch`: a `.clang-tidy` found above a source file rather than
/// named by the user, which must be a regular file.
llvm::Expected<CheckConfiguration>
readCheckConfigurationFile(llvm::StringRef path, bool foundBySearch = false,
                           std::vector<std::string> *ignored = nullptr);

/// The configuration as YAML, as `clang-tidy --dump-config` prints it.
std::string dumpConfiguration(const CheckConfiguration &configuration);

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

/// What the configuration says for one source file: the rules enabled for it
/// with their options, and how its findings are reported.
struct RuleSelection {
  std::vector<const RuleEntry *> rules;
  std::map<std::string, std::string> options;
  /// Checks whose findings are errors (clang-tidy globs).
  std::string warningsAsErrors;
  /// Headers whose findings are reported; empty reports none (clang-tidy's
  /// default). The main file is always reported.
  std::string headerFilter;
  std::string excludeHeaderFilter;
  bool systemHeaders = false;
  /// Compiler arguments the configuration adds to the file's command.
  std::vector<std::string> extraArgs;
  std::vector<std::string> extraArgsBefore;
};

/// Finds the configuration for each source file: an explicit one when given,
/// otherwise the nearest `.clang-tidy` up the directory tree (following
/// `InheritParentConfig`); then the command line's overrides. The layers are
/// merged with clang-tidy's `ClangTidyOptions::merge`, in clang-tidy's order.
class ConfigurationProvider {
public:
  struct Settings {
    std::string defaultChecks = "threadlint-*";
    /// What the command line sets: `Checks` and `WarningsAsErrors` are
    /// appended, the rest replace.
    CheckConfiguration overrides;
    std::optional<CheckConfiguration> explicitConfiguration;
  };
  explicit ConfigurationProvider(Settings settings);

  llvm::Expected<RuleSelection> selectionFor(llvm::StringRef sourceFile);
  llvm::Expected<CheckConfiguration> configurationFor(llvm::StringRef sourceFile);

  /// What was ignored in the files read so far (keys clang-tidy 19 does not
  /// know), once per file, sorted; cleared by the call.
  std::vector<std::string> takeWarnings();

private:
  /// The `.clang-tidy` layers that apply in `directory`, farthest first.
  llvm::Expected<std::vector<CheckConfiguration>> layersOfDirectory(llvm::StringRef directory);

  Settings settings_;
  std::mutex cacheMutex_;
  llvm::StringMap<std::vector<CheckConfiguration>> directoryCache_;
  std::vector<std::string> warnings_; ///< guarded by cacheMutex_
};

/// Every positive glob of `globs` in threadlint's namespace (`threadlint-…`)
/// that names no known check: a typo must not silently disable a rule.
/// Globs of other tools' checks (`bugprone-*`) are accepted and ignored, as
/// in `.clang-tidy`.
std::vector<std::string> globsMatchingNoCheck(llvm::StringRef globs);

} // namespace threadlint
