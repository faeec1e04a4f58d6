// clang-tidy's check glob syntax: comma-separated globs, `*` wildcards, a
// leading `-` to exclude; the last glob that matches a name decides.
#pragma once

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Regex.h"

#include <string>
#include <vector>

namespace threadlint {

class GlobList {
public:
  explicit GlobList(llvm::StringRef globs, bool keepNegativeGlobs = true);

  bool contains(llvm::StringRef name) const;

  struct Glob {
    bool positive;
    std::string text;
    llvm::Regex regex;
  };
  const std::vector<Glob> &globs() const { return globs_; }

private:
  std::vector<Glob> globs_;
};

} // namespace threadlint
