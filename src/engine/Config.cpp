#include "engine/Config.h"

#include "engine/GlobList.h"
#include "engine/InputFiles.h"
#include "engine/Paths.h"
#include "engine/RuleTable.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

namespace threadlint {
namespace {

llvm::Error configError(llvm::StringRef sourceName, llvm::StringRef message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s: %s",
                                 sourceName.str().c_str(), message.str().c_str());
}

/// The lowest layer: nothing configured yet, as clang-tidy's own defaults
/// for the keys that decide what is reported, with threadlint's checks on.
CheckConfiguration defaultLayer(const std::string &checks) {
  CheckConfiguration defaults;
  defaults.Checks = checks;
  defaults.WarningsAsErrors = "";
  defaults.HeaderFilterRegex = "";
  defaults.ExcludeHeaderFilterRegex = "";
  defaults.SystemHeaders = false;
  return defaults;
}

/// How deep a configuration may nest. clang-tidy's YAML reader builds its
/// tree recursively, so a hostile file (a hundred thousand `[`) would
/// overflow the stack; a real `.clang-tidy` nests three levels.
constexpr unsigned MaxFlowDepth = 64;
constexpr unsigned MaxIndentation = 256;

/// The line of the first place `yaml` nests deeper than the limits, if any:
/// flow collections by their brackets (outside quotes and comments), block
/// collections by indentation, which each level must increase.
std::optional<unsigned> lineNestedTooDeep(llvm::StringRef yaml) {
  unsigned line = 1, depth = 0, indentation = 0;
  bool atLineStart = true;
  char quote = 0;
  for (std::size_t index = 0; index < yaml.size(); ++index) {
    char c = yaml[index];
    if (c == '\n') {
      ++line;
      atLineStart = true;
      indentation = 0;
      continue;
    }
    if (atLineStart) {
      if (c == ' ') {
        if (++indentation > MaxIndentation)
          return line;
        continue;
      }
      atLineStart = false;
    }
    if (quote) {
      if (c == quote)
        quote = 0;
      else if (c == '\\' && quote == '"')
        ++index;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '#' && (index == 0 || yaml[index - 1] == ' ' || yaml[index - 1] == '\t')) {
      index = std::min(yaml.find('\n', index), yaml.size()) - 1;
    } else if (c == '[' || c == '{') {
      if (++depth > MaxFlowDepth)
        return line;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

} // namespace

llvm::Expected<CheckConfiguration> parseCheckConfiguration(llvm::StringRef yaml,
                                                           llvm::StringRef sourceName) {
  if (std::optional<unsigned> line = lineNestedTooDeep(yaml))
    return configError(sourceName, "line " + std::to_string(*line) +
                                       ": nested deeper than a configuration can be (" +
                                       std::to_string(MaxFlowDepth) + " levels)");
  std::string firstError;
  auto onDiagnostic = [&firstError](const llvm::SMDiagnostic &diagnostic) {
    if (firstError.empty() && diagnostic.getKind() == llvm::SourceMgr::DK_Error)
      firstError = "line " + std::to_string(diagnostic.getLineNo()) + ": " +
                   diagnostic.getMessage().str();
  };
  llvm::ErrorOr<CheckConfiguration> parsed = clang::tidy::parseConfigurationWithDiags(
      llvm::MemoryBufferRef(yaml, sourceName), onDiagnostic);
  if (!parsed)
    return configError(sourceName,
                       firstError.empty() ? "invalid configuration: " + parsed.getError().message()
                                          : firstError);
  return std::move(*parsed);
}

llvm::Expected<CheckConfiguration> readCheckConfigurationFile(llvm::StringRef path,
                                                              bool foundBySearch) {
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      readBoundedFile(path, input_limits::ConfigurationBytes, "a configuration file",
                      foundBySearch ? Streams::Refused : Streams::Allowed);
  if (!buffer)
    return configError(path, "cannot read: " + llvm::toString(buffer.takeError()));
  return parseCheckConfiguration((*buffer)->getBuffer(), path);
}

std::string dumpConfiguration(const CheckConfiguration &configuration) {
  return clang::tidy::configurationAsText(configuration);
}

std::optional<std::string> MapRuleOptions::get(llvm::StringRef localName) const {
  auto found = options_.find(check_ + "." + localName.str());
  if (found == options_.end())
    return std::nullopt;
  return found->second;
}

std::optional<std::string> MapRuleOptions::getLocalOrGlobal(llvm::StringRef localName) const {
  if (std::optional<std::string> local = get(localName))
    return local;
  auto found = options_.find(localName.str());
  if (found == options_.end())
    return std::nullopt;
  return found->second;
}

ConfigurationProvider::ConfigurationProvider(Settings settings)
    : settings_(std::move(settings)) {}

llvm::Expected<std::vector<CheckConfiguration>>
ConfigurationProvider::layersOfDirectory(llvm::StringRef directory) {
  {
    std::lock_guard<std::mutex> lock(cacheMutex_);
    auto cached = directoryCache_.find(directory);
    if (cached != directoryCache_.end())
      return cached->second;
  }
  // clang-tidy's search: the nearest `.clang-tidy` up the tree; one that
  // sets InheritParentConfig goes on upwards.
  std::vector<CheckConfiguration> layers;
  llvm::SmallString<256> candidate(directory);
  llvm::sys::path::append(candidate, ".clang-tidy");
  llvm::StringRef parent = llvm::sys::path::parent_path(directory);
  bool hasParent = !parent.empty() && parent != directory;
  bool searchParent = hasParent;
  if (llvm::sys::fs::exists(candidate)) {
    llvm::Expected<CheckConfiguration> own =
        readCheckConfigurationFile(candidate, /*foundBySearch=*/true);
    if (!own)
      return own.takeError();
    searchParent = hasParent && own->InheritParentConfig.value_or(false);
    layers.push_back(std::move(*own));
  }
  if (searchParent) {
    llvm::Expected<std::vector<CheckConfiguration>> inherited = layersOfDirectory(parent);
    if (!inherited)
      return inherited.takeError();
    layers.insert(layers.begin(), inherited->begin(), inherited->end());
  }
  std::lock_guard<std::mutex> lock(cacheMutex_);
  directoryCache_[directory] = layers;
  return layers;
}

llvm::Expected<CheckConfiguration>
ConfigurationProvider::configurationFor(llvm::StringRef sourceFile) {
  std::vector<CheckConfiguration> layers{defaultLayer(settings_.defaultChecks)};
  if (settings_.explicitConfiguration) {
    layers.push_back(*settings_.explicitConfiguration);
  } else {
    std::string absolute = absolutePath(sourceFile);
    llvm::Expected<std::vector<CheckConfiguration>> found =
        layersOfDirectory(llvm::sys::path::parent_path(absolute));
    if (!found)
      return found.takeError();
    layers.insert(layers.end(), found->begin(), found->end());
  }
  layers.push_back(settings_.overrides);
  // Each later layer wins, by the priorities clang-tidy gives its sources.
  CheckConfiguration merged;
  for (unsigned order = 0; order < layers.size(); ++order)
    merged.mergeWith(layers[order], order);
  return merged;
}

llvm::Expected<RuleSelection> ConfigurationProvider::selectionFor(llvm::StringRef sourceFile) {
  llvm::Expected<CheckConfiguration> configuration = configurationFor(sourceFile);
  if (!configuration)
    return configuration.takeError();
  RuleSelection selection;
  GlobList enabled(configuration->Checks.value_or(""));
  for (const RuleEntry &entry : allRules())
    if (enabled.contains(entry.info.id))
      selection.rules.push_back(&entry);
  for (const auto &option : configuration->CheckOptions)
    selection.options[option.getKey().str()] = option.getValue().Value;
  selection.warningsAsErrors = configuration->WarningsAsErrors.value_or("");
  selection.headerFilter = configuration->HeaderFilterRegex.value_or("");
  selection.excludeHeaderFilter = configuration->ExcludeHeaderFilterRegex.value_or("");
  selection.systemHeaders = configuration->SystemHeaders.value_or(false);
  selection.extraArgs = configuration->ExtraArgs.value_or(std::vector<std::string>());
  selection.extraArgsBefore = configuration->ExtraArgsBefore.value_or(std::vector<std::string>());
  return selection;
}

std::vector<std::string> globsMatchingNoCheck(llvm::StringRef globs) {
  std::vector<std::string> unmatched;
  GlobList list(globs);
  for (const GlobList::Glob &glob : list.globs()) {
    if (!glob.positive || !llvm::StringRef(glob.text).starts_with("threadlint"))
      continue;
    bool matchesAny = llvm::any_of(
        allRules(), [&](const RuleEntry &entry) { return glob.regex.match(entry.info.id); });
    if (!matchesAny)
      unmatched.push_back(glob.text);
  }
  return unmatched;
}

} // namespace threadlint
