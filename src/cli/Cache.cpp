#include "cli/Cache.h"

#include "engine/Report.h"

#include "threadlint/Version.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/xxhash.h"

#include <nlohmann/json.hpp>

namespace threadlint::cli {
namespace {

constexpr int FormatVersion = 1;
constexpr std::size_t MaxEntryBytes = 64u << 20;

std::string hex(std::uint64_t value) { return llvm::utohexstr(value, true, 16); }

std::optional<std::string> contentHash(const std::string &path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!buffer)
    return std::nullopt;
  return hex(llvm::xxh3_64bits((*buffer)->getBuffer()));
}

} // namespace

ResultCache::ResultCache(std::string directory, std::string toolIdentity)
    : directory_(std::move(directory)), identity_(std::move(toolIdentity)) {}

std::string ResultCache::defaultDirectory() {
  llvm::SmallString<256> path;
  if (std::optional<std::string> xdg = llvm::sys::Process::GetEnv("XDG_CACHE_HOME");
      xdg && !xdg->empty())
    path = *xdg;
  else if (!llvm::sys::path::cache_directory(path))
    return {};
  llvm::sys::path::append(path, "threadlint");
  return std::string(path);
}

std::string ResultCache::identityOf(const char *argv0) {
  static int anchor;
  std::string identity = THREADLINT_VERSION;
  std::string executable = llvm::sys::fs::getMainExecutable(argv0, &anchor);
  llvm::sys::fs::file_status status;
  if (!executable.empty() && !llvm::sys::fs::status(executable, status))
    identity += ";" + std::to_string(status.getSize()) + ";" +
                std::to_string(status.getLastModificationTime().time_since_epoch().count());
  return identity;
}

std::string ResultCache::keyFor(const std::string &file, const std::vector<std::string> &commandLine,
                                const std::string &directory,
                                const RuleSelection &selection,
                                const std::string &policy) const {
  std::string material = "threadlint-cache;" + std::to_string(FormatVersion) + ";" + identity_;
  material += "\nfile:" + file + ";" + contentHash(file).value_or("missing");
  material += "\ndirectory:" + directory;
  material += "\npolicy:" + policy;
  for (const std::string &argument : commandLine)
    material += "\narg:" + argument;
  for (const RuleEntry *entry : selection.rules)
    material += "\ncheck:" + std::string(entry->info.id);
  for (const auto &[name, value] : selection.options) {
    material += "\noption:";
    material += name;
    material += '=';
    material += value;
  }
  // Two independent 64-bit hashes: 128 bits make an accidental collision
  // between two entries practically impossible.
  std::string salted = "second;" + material;
  return hex(llvm::xxh3_64bits(material)) + hex(llvm::xxh3_64bits(salted));
}

std::optional<std::string> ResultCache::hashOf(const std::string &path) const {
  {
    std::lock_guard<std::mutex> lock(hashesMutex_);
    if (auto found = hashes_.find(path); found != hashes_.end())
      return found->second;
  }
  std::optional<std::string> hash = contentHash(path);
  std::lock_guard<std::mutex> lock(hashesMutex_);
  return hashes_.emplace(path, hash).first->second;
}

std::string ResultCache::pathOf(const std::string &key) const {
  llvm::SmallString<256> path(directory_);
  llvm::sys::path::append(path, key.substr(0, 2), key + ".json");
  return std::string(path);
}

std::optional<TranslationUnitResult> ResultCache::lookup(const std::string &key) const {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(pathOf(key), /*IsText=*/true);
  if (!buffer || (*buffer)->getBufferSize() > MaxEntryBytes)
    return std::nullopt;
  nlohmann::json entry =
      nlohmann::json::parse((*buffer)->getBuffer(), nullptr, /*allow_exceptions=*/false);
  try {
    if (!entry.is_object() || entry.value("format", 0) != FormatVersion ||
        entry.value("key", "") != key)
      return std::nullopt;
    // A truncated or edited entry must not be trusted: the payload carries
    // its own hash.
    const nlohmann::json &payload = entry.at("payload");
    if (entry.value("payloadHash", "") != hex(llvm::xxh3_64bits(payload.dump(
                                               -1, ' ', false,
                                               nlohmann::json::error_handler_t::replace))))
      return std::nullopt;
    TranslationUnitResult result;
    for (const auto &[path, hash] : payload.at("dependencies").items()) {
      if (hashOf(path) != hash.get<std::string>())
        return std::nullopt;
      result.dependencies.push_back(path);
    }
    for (const nlohmann::json &diagnostic : payload.at("diagnostics"))
      result.diagnostics.push_back(diagnosticFromJson(diagnostic));
    if (payload.contains("design"))
      result.design = payload.at("design");
    return result;
  } catch (const nlohmann::json::exception &) {
    return std::nullopt;
  }
}

void ResultCache::store(const std::string &key, const TranslationUnitResult &result) const {
  nlohmann::ordered_json dependencies = nlohmann::ordered_json::object();
  for (const std::string &path : result.dependencies) {
    std::optional<std::string> hash = hashOf(path);
    if (!hash)
      return; // a file that vanished cannot be validated later: do not cache
    dependencies[path] = *hash;
  }
  nlohmann::ordered_json diagnostics = nlohmann::ordered_json::array();
  for (const Diagnostic &diagnostic : result.diagnostics)
    diagnostics.push_back(diagnosticToJson(diagnostic));
  nlohmann::ordered_json payload = {{"dependencies", std::move(dependencies)},
                                    {"diagnostics", std::move(diagnostics)}};
  if (!result.design.is_null())
    payload["design"] = result.design;
  // Hash what lookup re-serializes: the payload as parsed back (key order
  // of a plain json object).
  std::string canonical = nlohmann::json(payload).dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
  nlohmann::ordered_json entry = {{"format", FormatVersion},
                                  {"key", key},
                                  {"payloadHash", hex(llvm::xxh3_64bits(canonical))},
                                  {"payload", std::move(payload)}};
  std::string path = pathOf(key);
  if (llvm::sys::fs::create_directories(llvm::sys::path::parent_path(path)))
    return; // an unwritable cache only costs speed
  llvm::consumeError(llvm::writeToOutput(path, [&](llvm::raw_ostream &out) {
    out << entry.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return llvm::Error::success();
  }));
}

} // namespace threadlint::cli
