// `threadlint lsp`: a Language Server Protocol 3.17 server over stdio that
// runs the same engine as the CLI on the editor's unsaved buffers.
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace threadlint::lsp {

struct ServerOptions {
  std::string resourceDir;   ///< clang's builtin headers
  unsigned debounceMs = 250; ///< quiet time after an edit before analysing
  /// clangd's initializationOptions: a directory holding the
  /// compile_commands.json to use, and the flags for a file no database has.
  std::string compilationDatabasePath;
  std::vector<std::string> fallbackFlags;
  /// The configuration as YAML, like the CLI's --config: replaces
  /// `.clang-tidy` files.
  std::optional<std::string> config;
};

/// Serves until `exit` (0 after `shutdown`, 1 otherwise) or the end of input (1).
int runLanguageServer(std::FILE *input, std::FILE *output, const ServerOptions &options);

} // namespace threadlint::lsp
