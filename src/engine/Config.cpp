#include "engine/Config.h"

#include "engine/InputFiles.h"
#include "engine/Paths.h"

#include "engine/GlobList.h"
#include "engine/RuleTable.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"

namespace threadlint {
namespace {

std::optional<std::string> scalarText(llvm::yaml::Node *node) {
  if (auto *scalar = llvm::dyn_cast_or_null<llvm::yaml::ScalarNode>(node)) {
    llvm::SmallString<64> storage;
    return scalar->getValue(storage).str();
  }
  if (auto *block = llvm::dyn_cast_or_null<llvm::yaml::BlockScalarNode>(node))
    return block->getValue().str();
  return std::nullopt;
}

llvm::Error configError(llvm::StringRef sourceName, llvm::StringRef message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s: %s",
                                 sourceName.str().c_str(), message.str().c_str());
}

/// `Checks:` is a string or a list of strings; newlines separate globs too.
std::optional<std::string> readChecks(llvm::yaml::Node *node) {
  if (std::optional<std::string> text = scalarText(node)) {
    std::replace(text->begin(), text->end(), '\n', ',');
    return text;
  }
  auto *sequence = llvm::dyn_cast_or_null<llvm::yaml::SequenceNode>(node);
  if (!sequence)
    return std::nullopt;
  std::string checks;
  for (llvm::yaml::Node &item : *sequence) {
    std::optional<std::string> glob = scalarText(&item);
    if (!glob)
      return std::nullopt;
    checks += (checks.empty() ? "" : ",") + *glob;
  }
  return checks;
}

/// `CheckOptions:` is a map, or the older list of `{key: …, value: …}`.
bool readCheckOptions(llvm::yaml::Node *node, std::map<std::string, std::string> &options) {
  if (auto *mapping = llvm::dyn_cast_or_null<llvm::yaml::MappingNode>(node)) {
    for (llvm::yaml::KeyValueNode &entry : *mapping) {
      std::optional<std::string> key = scalarText(entry.getKey());
      std::optional<std::string> value = scalarText(entry.getValue());
      if (!key || !value)
        return false;
      options[*key] = *value;
    }
    return true;
  }
  auto *sequence = llvm::dyn_cast_or_null<llvm::yaml::SequenceNode>(node);
  if (!sequence)
    return false;
  for (llvm::yaml::Node &item : *sequence) {
    auto *pair = llvm::dyn_cast<llvm::yaml::MappingNode>(&item);
    if (!pair)
      return false;
    std::optional<std::string> key, value;
    for (llvm::yaml::KeyValueNode &entry : *pair) {
      std::optional<std::string> name = scalarText(entry.getKey());
      if (name == "key")
        key = scalarText(entry.getValue());
      else if (name == "value")
        value = scalarText(entry.getValue());
    }
    if (!key || !value)
      return false;
    options[*key] = *value;
  }
  return true;
}

} // namespace

void CheckConfiguration::mergeWith(const CheckConfiguration &later) {
  if (!later.checks.empty())
    checks = checks.empty() ? later.checks : checks + "," + later.checks;
  for (const auto &[key, value] : later.options)
    options[key] = value;
}

llvm::Expected<CheckConfiguration> parseCheckConfiguration(llvm::StringRef yaml,
                                                           llvm::StringRef sourceName) {
  llvm::SourceMgr sources;
  std::string firstError;
  sources.setDiagHandler(
      [](const llvm::SMDiagnostic &diagnostic, void *context) {
        auto &message = *static_cast<std::string *>(context);
        if (message.empty())
          message = "line " + std::to_string(diagnostic.getLineNo()) + ": " +
                    diagnostic.getMessage().str();
      },
      &firstError);
  {
    // Syntax first, over the whole text, so a syntax error is not reported as
    // a wrongly shaped value.
    llvm::yaml::Stream syntax(yaml, sources);
    for (llvm::yaml::Document &document : syntax)
      document.skip();
    if (syntax.failed())
      return configError(sourceName, firstError.empty() ? "malformed YAML" : firstError);
  }
  llvm::yaml::Stream stream(yaml, sources);
  CheckConfiguration configuration;
  auto document = stream.begin();
  if (document == stream.end())
    return configuration;
  llvm::yaml::Node *root = document->getRoot();
  // A document the parser gave up on has no root (found by fuzzing).
  if (stream.failed() || !root)
    return configError(sourceName, firstError.empty() ? "malformed YAML" : firstError);
  if (llvm::isa<llvm::yaml::NullNode>(root))
    return configuration;
  auto *mapping = llvm::dyn_cast<llvm::yaml::MappingNode>(root);
  if (!mapping)
    return configError(sourceName, "expected a YAML mapping at the top level");
  auto shapeError = [&](llvm::StringRef message) { return configError(sourceName, message); };
  for (llvm::yaml::KeyValueNode &entry : *mapping) {
    std::optional<std::string> key = scalarText(entry.getKey());
    if (stream.failed())
      break;
    if (!key)
      return shapeError("expected a scalar key");
    llvm::yaml::Node *value = entry.getValue();
    if (*key == "Checks") {
      std::optional<std::string> checks = readChecks(value);
      if (!checks)
        return shapeError("'Checks' must be a string or a list of strings");
      configuration.checks = *checks;
    } else if (*key == "CheckOptions") {
      if (!readCheckOptions(value, configuration.options))
        return shapeError("'CheckOptions' must map option names to scalar values");
    } else if (*key == "InheritParentConfig") {
      std::optional<std::string> flag = scalarText(value);
      configuration.inheritParent = flag && (*flag == "true" || *flag == "True" || *flag == "1");
    } else {
      // Other clang-tidy keys are clang-tidy's business. A key the parser
      // gave up on has no value node (found by fuzzing).
      if (value)
        value->skip();
    }
    if (stream.failed())
      break;
  }
  if (stream.failed())
    return configError(sourceName, firstError.empty() ? "malformed YAML" : firstError);
  return configuration;
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

llvm::Expected<CheckConfiguration>
ConfigurationProvider::configurationOfDirectory(llvm::StringRef directory) {
  {
    std::lock_guard<std::mutex> lock(cacheMutex_);
    auto cached = directoryCache_.find(directory);
    if (cached != directoryCache_.end())
      return cached->second;
  }
  CheckConfiguration result;
  llvm::SmallString<256> candidate(directory);
  llvm::sys::path::append(candidate, ".clang-tidy");
  llvm::StringRef parent = llvm::sys::path::parent_path(directory);
  if (llvm::sys::fs::exists(candidate)) {
    llvm::Expected<CheckConfiguration> own =
        readCheckConfigurationFile(candidate, /*foundBySearch=*/true);
    if (!own)
      return own.takeError();
    if (own->inheritParent && !parent.empty() && parent != directory) {
      llvm::Expected<CheckConfiguration> inherited = configurationOfDirectory(parent);
      if (!inherited)
        return inherited.takeError();
      result = *inherited;
    }
    result.mergeWith(*own);
  } else if (!parent.empty() && parent != directory) {
    llvm::Expected<CheckConfiguration> inherited = configurationOfDirectory(parent);
    if (!inherited)
      return inherited.takeError();
    result = *inherited;
  }
  std::lock_guard<std::mutex> lock(cacheMutex_);
  directoryCache_[directory] = result;
  return result;
}

llvm::Expected<CheckConfiguration>
ConfigurationProvider::configurationFor(llvm::StringRef sourceFile) {
  CheckConfiguration configuration;
  configuration.checks = settings_.defaultChecks;
  if (settings_.explicitConfiguration) {
    configuration.mergeWith(*settings_.explicitConfiguration);
  } else {
    std::string absolute = absolutePath(sourceFile);
    llvm::Expected<CheckConfiguration> found =
        configurationOfDirectory(llvm::sys::path::parent_path(absolute));
    if (!found)
      return found.takeError();
    configuration.mergeWith(*found);
  }
  CheckConfiguration commandLine;
  commandLine.checks = settings_.commandLineChecks;
  configuration.mergeWith(commandLine);
  return configuration;
}

llvm::Expected<RuleSelection> ConfigurationProvider::selectionFor(llvm::StringRef sourceFile) {
  llvm::Expected<CheckConfiguration> configuration = configurationFor(sourceFile);
  if (!configuration)
    return configuration.takeError();
  RuleSelection selection;
  GlobList enabled(configuration->checks);
  for (const RuleEntry &entry : allRules())
    if (enabled.contains(entry.info.id))
      selection.rules.push_back(&entry);
  selection.options = std::move(configuration->options);
  return selection;
}

std::vector<std::string> globsMatchingNoCheck(llvm::StringRef globs) {
  std::vector<std::string> unmatched;
  GlobList list(globs);
  for (const GlobList::Glob &glob : list.globs()) {
    if (!glob.positive)
      continue;
    bool matchesAny = llvm::any_of(
        allRules(), [&](const RuleEntry &entry) { return glob.regex.match(entry.info.id); });
    if (!matchesAny)
      unmatched.push_back(glob.text);
  }
  return unmatched;
}

} // namespace threadlint
