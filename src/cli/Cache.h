// The result cache: a file's findings are reused when nothing that could
// change them changed — the threadlint build, the enabled checks and their
// options, the compile command, and the contents of the file and of every
// file its parse read. Like ccache's direct mode: the first lookup key is
// known before parsing, the list of headers is stored with the entry and
// re-hashed to validate it.
#pragma once

#include "engine/Analysis.h"
#include "engine/Config.h"

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace threadlint::cli {

class ResultCache {
public:
  /// `directory` is created on first store; `toolIdentity` names this build.
  ResultCache(std::string directory, std::string toolIdentity);

  /// The default directory: $XDG_CACHE_HOME/threadlint, else ~/.cache/threadlint.
  static std::string defaultDirectory();
  /// What distinguishes this threadlint build from another: its version and
  /// its executable's size and modification time.
  static std::string identityOf(const char *argv0);

  /// `policy` is everything else that decides what is reported (the header
  /// filter, the traversal scope), as text.
  std::string keyFor(const std::string &file, const std::vector<std::string> &commandLine,
                     const std::string &directory, const RuleSelection &selection,
                     const std::string &policy) const;

  /// A stored result whose dependencies all still hash the same; anything
  /// unreadable, corrupt or stale is a miss.
  std::optional<TranslationUnitResult> lookup(const std::string &key) const;
  void store(const std::string &key, const TranslationUnitResult &result) const;

private:
  std::string pathOf(const std::string &key) const;
  /// Contents hashes, once per file and scan: headers are shared by most
  /// files, and a scan does not expect them to change under it.
  std::optional<std::string> hashOf(const std::string &path) const;

  std::string directory_;
  std::string identity_;
  mutable std::mutex hashesMutex_;
  mutable std::map<std::string, std::optional<std::string>> hashes_;
};

} // namespace threadlint::cli
