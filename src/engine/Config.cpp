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
#include "llvm/Support/YAMLParser.h"

#include <set>

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
      // Compact block sequences nest on one line: `- - - - x`.
      unsigned dashes = 0;
      for (std::size_t at = index; at + 1 < yaml.size() && yaml[at] == '-' &&
                                   (yaml[at + 1] == ' ' || yaml[at + 1] == '\t');
           at += 2) {
        while (at + 2 < yaml.size() && yaml[at + 2] == ' ')
          ++at;
        if (++dashes > MaxFlowDepth)
          return line;
      }
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
    } else if (c == '#' && (index == 0 || yaml[index - 1] == ' ' || yaml[index - 1] == '\t' ||
                            yaml[index - 1] == '\n')) {
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


/// `yaml` with the top-level entries whose key is in `keys` blanked out
/// (newlines kept, so line numbers stay right); nothing when the text is
/// not a mapping the YAML parser can walk.
std::optional<std::string> withoutTopLevelKeys(llvm::StringRef yaml,
                                               const std::set<std::string> &keys) {
  std::string text = yaml.str();
  llvm::SourceMgr sources;
  sources.setDiagHandler([](const llvm::SMDiagnostic &, void *) {});
  llvm::yaml::Stream stream(yaml, sources);
  auto document = stream.begin();
  if (document == stream.end())
    return std::nullopt;
  auto *mapping = llvm::dyn_cast_or_null<llvm::yaml::MappingNode>(document->getRoot());
  if (!mapping)
    return std::nullopt;
  // Each entry runs from its key to the next entry's key; the last one of a
  // block mapping to the end of the text (a block value's own range can stop
  // short of its last line).
  struct Entry {
    const char *begin;
    bool removed;
  };
  std::vector<Entry> entries;
  for (llvm::yaml::KeyValueNode &entry : *mapping) {
    auto *key = llvm::dyn_cast_or_null<llvm::yaml::ScalarNode>(entry.getKey());
    llvm::yaml::Node *value = entry.getValue();
    if (stream.failed() || !key || !value)
      return std::nullopt;
    llvm::SmallString<32> storage;
    bool removed = keys.count(key->getValue(storage).str()) > 0;
    value->skip();
    entries.push_back({key->getSourceRange().Start.getPointer(), removed});
  }
  if (stream.failed())
    return std::nullopt;
  // A flow mapping's range starts after its brace.
  const char *mappingStart = mapping->getSourceRange().Start.getPointer();
  bool block = true;
  if (mappingStart && mappingStart > yaml.begin() && mappingStart <= yaml.end()) {
    std::size_t before =
        yaml.substr(0, mappingStart - yaml.begin()).find_last_not_of(" \t\r\n");
    block = before == llvm::StringRef::npos || yaml[before] != '{';
  }
  bool changed = false;
  for (std::size_t index = 0; index < entries.size(); ++index) {
    if (!entries[index].removed)
      continue;
    bool last = index + 1 == entries.size();
    const char *begin = entries[index].begin;
    const char *end = !last ? entries[index + 1].begin : yaml.end();
    if (last && !block) {
      // The last entry of a flow mapping runs to the closing brace, and
      // takes the comma before it along.
      std::size_t close = yaml.rfind('}');
      if (close == llvm::StringRef::npos || yaml.begin() + close < begin)
        return std::nullopt;
      end = yaml.begin() + close;
      std::size_t comma = yaml.substr(0, begin - yaml.begin()).find_last_not_of(" \t\r\n");
      if (index > 0 && comma != llvm::StringRef::npos && yaml[comma] == ',')
        begin = yaml.begin() + comma;
    }
    if (!begin || !end || begin < yaml.begin() || end > yaml.end() || end < begin)
      return std::nullopt;
    for (const char *at = begin; at != end; ++at)
      if (*at != '\n')
        text[at - yaml.begin()] = ' ';
    changed = true;
  }
  if (!changed)
    return std::nullopt;
  return text;
}

/// Parses with clang-tidy's own reader; the first error's text, and each
/// unknown top-level key with its line, are collected on the way.
llvm::ErrorOr<CheckConfiguration> parseWithClangTidy(llvm::StringRef yaml,
                                                     llvm::StringRef sourceName,
                                                     std::string &firstError,
                                                     std::map<std::string, unsigned> &unknownKeys) {
  firstError.clear();
  auto onDiagnostic = [&](const llvm::SMDiagnostic &diagnostic) {
    if (diagnostic.getKind() != llvm::SourceMgr::DK_Error)
      return;
    llvm::StringRef message = diagnostic.getMessage();
    if (message.consume_front("unknown key '") && message.consume_back("'"))
      unknownKeys.emplace(message.str(), diagnostic.getLineNo());
    if (firstError.empty())
      firstError = "line " + std::to_string(diagnostic.getLineNo()) + ": " +
                   diagnostic.getMessage().str();
  };
  return clang::tidy::parseConfigurationWithDiags(llvm::MemoryBufferRef(yaml, sourceName),
                                                  onDiagnostic);
}

} // namespace

llvm::Expected<CheckConfiguration> parseCheckConfiguration(llvm::StringRef yaml,
                                                           llvm::StringRef sourceName,
                                                           std::vector<std::string> *ignored) {
  if (std::optional<unsigned> line = lineNestedTooDeep(yaml))
    return configError(sourceName, "line " + std::to_string(*line) +
                                       ": nested deeper than a configuration can be (" +
                                       std::to_string(MaxFlowDepth) + " levels)");
  std::string firstError;
  std::map<std::string, unsigned> unknownKeys;
  llvm::ErrorOr<CheckConfiguration> parsed =
      parseWithClangTidy(yaml, sourceName, firstError, unknownKeys);
  // A top-level key clang-tidy 19 does not know (one an older clang-tidy
  // had, such as AnalyzeTemporaryDtors, or a newer one's) is left out with a
  // warning and the rest of the file applies: a project's .clang-tidy
  // written for another clang-tidy must not stop the scan. Everything else
  // malformed is an error.
  std::string text;
  for (unsigned attempt = 0; !parsed && !unknownKeys.empty() && attempt < 64; ++attempt) {
    std::set<std::string> keys;
    for (const auto &[key, line] : unknownKeys)
      keys.insert(key);
    std::optional<std::string> stripped = withoutTopLevelKeys(yaml, keys);
    if (!stripped)
      break;
    text = std::move(*stripped);
    parsed = parseWithClangTidy(text, sourceName, firstError, unknownKeys);
  }
  if (!parsed)
    return configError(sourceName,
                       firstError.empty() ? "invalid configuration: " + parsed.getError().message()
                                          : firstError);
  if (ignored && !unknownKeys.empty()) {
    std::string list;
    for (const auto &[key, line] : unknownKeys)
      list += (list.empty() ? "'" : ", '") + key + "' (line " + std::to_string(line) + ")";
    ignored->push_back(sourceName.str() + ": ignored keys clang-tidy 19 does not know: " + list);
  }
  return std::move(*parsed);
}

llvm::Expected<CheckConfiguration> readCheckConfigurationFile(llvm::StringRef path,
                                                              bool foundBySearch,
                                                              std::vector<std::string> *ignored) {
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      readBoundedFile(path, input_limits::ConfigurationBytes, "a configuration file",
                      foundBySearch ? Streams::Refused : Streams::Allowed);
  if (!buffer)
    return configError(path, "cannot read: " + llvm::toString(buffer.takeError()));
  return parseCheckConfiguration((*buffer)->getBuffer(), path, ignored);
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
    std::vector<std::string> ignored;
    llvm::Expected<CheckConfiguration> own =
        readCheckConfigurationFile(candidate, /*foundBySearch=*/true, &ignored);
    if (!own)
      return own.takeError();
    if (!ignored.empty()) {
      std::lock_guard<std::mutex> lock(cacheMutex_);
      warnings_.insert(warnings_.end(), ignored.begin(), ignored.end());
    }
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

std::vector<std::string> ConfigurationProvider::takeWarnings() {
  std::lock_guard<std::mutex> lock(cacheMutex_);
  std::vector<std::string> warnings = std::move(warnings_);
  warnings_.clear();
  std::sort(warnings.begin(), warnings.end());
  warnings.erase(std::unique(warnings.begin(), warnings.end()), warnings.end());
  return warnings;
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
