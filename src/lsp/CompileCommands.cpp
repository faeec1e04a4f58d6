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

FoundCommand CompileCommandFinder::fromDatabaseIn(llvm::StringRef directory,
                                                  const std::string &file) {
  std::string path;
  const clang::tooling::CompilationDatabase *database = databaseFor(directory, path);
  if (!database)
    return {};
  std::vector<clang::tooling::CompileCommand> commands = database->getCompileCommands(file);
  if (commands.empty())
    return {};
  return {{commands.front().Directory, commands.front().CommandLine}, path};
}

FoundCommand CompileCommandFinder::find(const std::string &file) {
  if (!databaseDirectory_.empty())
    if (FoundCommand found = fromDatabaseIn(databaseDirectory_, file); !found.database.empty())
      return found;
  for (llvm::StringRef directory = llvm::sys::path::parent_path(file); !directory.empty();
       directory = llvm::sys::path::parent_path(directory))
    if (FoundCommand found = fromDatabaseIn(directory, file); !found.database.empty())
      return found;
  std::string directory = llvm::sys::path::parent_path(file).str();
  std::vector<std::string> arguments{"clang++"};
  if (fallbackFlags_.empty())
    arguments.emplace_back("-std=c++20");
  arguments.insert(arguments.end(), fallbackFlags_.begin(), fallbackFlags_.end());
  arguments.insert(arguments.end(), {"-xc++", file});
  return {{directory, std::move(arguments)}, ""};
}

} // namespace threadlint::lsp
