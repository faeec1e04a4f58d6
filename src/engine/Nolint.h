// NOLINT, NOLINTNEXTLINE and NOLINTBEGIN/NOLINTEND comments, read exactly as
// clang-tidy reads them, for the front ends that are not clang-tidy itself.
#pragma once

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace clang {
class SourceManager;
}

namespace threadlint {

class GlobList;

/// One parsed directive in a buffer.
struct NolintDirective {
  enum class Kind { SameLine, NextLine, Begin, End };
  Kind kind;
  std::size_t offset; ///< of the `N` in `NOLINT`
  /// The check list in parentheses; none means every check (`NOLINT(*)`).
  std::optional<std::string> checks;

  bool suppresses(llvm::StringRef check) const;
};

std::vector<NolintDirective> parseNolintDirectives(llvm::StringRef buffer);

/// Answers "is a finding of this check at this location suppressed?" for
/// one translation unit. Caches the NOLINTBEGIN/END blocks of each file.
class NolintFilter {
public:
  explicit NolintFilter(const clang::SourceManager &sources);
  ~NolintFilter();

  bool suppresses(clang::SourceLocation location, llvm::StringRef check);

  /// NOLINTBEGIN/NOLINTEND comments without a partner, found while reading
  /// files for blocks; clang-tidy reports each as a `clang-tidy-nolint` error.
  struct Unmatched {
    clang::SourceLocation location;
    std::string message;
  };
  std::vector<Unmatched> takeUnmatched() { return std::exchange(unmatched_, {}); }

private:
  struct Block {
    NolintDirective begin;
    std::size_t endOffset;
  };
  bool suppressesAt(clang::SourceLocation location, llvm::StringRef check);
  const std::vector<Block> &blocksOf(clang::FileID file, llvm::StringRef buffer);

  const clang::SourceManager &sources_;
  llvm::DenseMap<clang::FileID, std::vector<Block>> blocks_;
  std::vector<Unmatched> unmatched_;
};

} // namespace threadlint
