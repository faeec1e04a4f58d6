// Restricting findings to some lines: clang-tidy's --line-filter syntax, and
// the lines a git working tree changed since a revision.
#pragma once

#include "engine/Report.h"

#include "llvm/Support/Error.h"

#include <string>
#include <utility>
#include <vector>

namespace threadlint::cli {

class LineFilter {
public:
  struct Entry {
    std::string name;                               ///< matched as a path suffix
    std::vector<std::pair<unsigned, unsigned>> lines; ///< inclusive; empty = every line
  };

  /// `[{"name":"file.cpp","lines":[[1,3],[5,7]]},{"name":"file.h"}]`
  static llvm::Expected<LineFilter> parse(llvm::StringRef json);

  /// The lines `git diff <revision>` adds or changes in the work tree of
  /// `directory`, plus untracked files as a whole; names are absolute.
  static llvm::Expected<LineFilter> changedSince(const std::string &revision,
                                                 const std::string &directory);

  /// As clang-tidy decides: the first entry whose name ends the file's path
  /// decides; a file no entry names is filtered out.
  bool passes(llvm::StringRef file, unsigned line) const;

  /// Drops the findings the filter does not pass, counting them.
  void apply(ScanReport &report) const;

  /// Parses `git diff -U0` output: the new-side lines of each hunk.
  static LineFilter fromUnifiedDiff(llvm::StringRef diff, llvm::StringRef topLevel);

  std::vector<Entry> entries;
};

} // namespace threadlint::cli
