// The compile command for an open file, found as clangd finds it: the
// nearest compile_commands.json in the file's directory, its parents, or a
// `build/` directory beside any of them; interpolated for files the database
// does not list; sensible flags when there is none.
#pragma once

#include "engine/DocumentAnalyzer.h"

#include "clang/Tooling/CompilationDatabase.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace threadlint::lsp {

struct FoundCommand {
  CompileCommandLine command;
  std::string database; ///< path of the compile_commands.json used; empty for the fallback
};

class CompileCommandFinder {
public:
  /// `databaseDirectory`, when set, is searched before the file's parents;
  /// `fallbackFlags` replace `-std=c++20` for a file no database has.
  CompileCommandFinder(std::string databaseDirectory = {},
                       std::vector<std::string> fallbackFlags = {})
      : databaseDirectory_(std::move(databaseDirectory)),
        fallbackFlags_(std::move(fallbackFlags)) {}

  FoundCommand find(const std::string &file);

private:
  FoundCommand fromDatabaseIn(llvm::StringRef directory, const std::string &file);

  std::string databaseDirectory_;
  std::vector<std::string> fallbackFlags_;
  const clang::tooling::CompilationDatabase *databaseFor(llvm::StringRef directory,
                                                         std::string &path);
  std::map<std::string, std::unique_ptr<clang::tooling::CompilationDatabase>> loaded_;
};

} // namespace threadlint::lsp
