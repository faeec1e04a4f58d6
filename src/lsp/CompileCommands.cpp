#include "lsp/CompileCommands.h"

#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace threadlint::lsp {

const clang::tooling::CompilationDatabase *
CompileCommandFinder::databaseFor(llvm::StringRef directory, std::string &path) {
  for (llvm::StringRef candidateDirectory : {directory.str(), (directory + "/build").str()}) {
    llvm::SmallString<256> candidate(candidateDirectory);
    llvm::sys::path::append(candidate, "compile_commands.json");
    if (!llvm::sys::fs::exists(candidate))
      continue;
    std::string key(candidate);
    auto found = loaded_.find(key);
    if (found == loaded_.end()) {
      std::string error;
      std::unique_ptr<clang::tooling::CompilationDatabase> database =
          clang::tooling::JSONCompilationDatabase::loadFromFile(
              key, error, clang::tooling::JSONCommandLineSyntax::AutoDetect);
      if (database)
        database = clang::tooling::inferMissingCompileCommands(std::move(database));
      found = loaded_.emplace(key, std::move(database)).first;
    }
    if (found->second) {
      path = key;
      return found->second.get();
    }
  }
  return nullptr;
}

FoundCommand CompileCommandFinder::find(const std::string &file) {
  for (llvm::StringRef directory = llvm::sys::path::parent_path(file); !directory.empty();
       directory = llvm::sys::path::parent_path(directory)) {
    std::string path;
    const clang::tooling::CompilationDatabase *database = databaseFor(directory, path);
    if (!database)
      continue;
    std::vector<clang::tooling::CompileCommand> commands = database->getCompileCommands(file);
    if (commands.empty())
      continue;
    return {{commands.front().Directory, commands.front().CommandLine}, path};
  }
  std::string directory = llvm::sys::path::parent_path(file).str();
  return {{directory, {"clang++", "-std=c++20", "-xc++", file}}, ""};
}

} // namespace threadlint::lsp
