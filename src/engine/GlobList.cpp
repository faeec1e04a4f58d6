#include "engine/GlobList.h"

#include "llvm/ADT/SmallVector.h"

namespace threadlint {
namespace {

llvm::Regex regexForGlob(llvm::StringRef glob) {
  std::string pattern = "^";
  for (char c : glob) {
    if (c == '*')
      pattern += ".*";
    else
      pattern += llvm::Regex::escape(llvm::StringRef(&c, 1));
  }
  pattern += "$";
  return llvm::Regex(pattern);
}

} // namespace

GlobList::GlobList(llvm::StringRef globs, bool keepNegativeGlobs) {
  llvm::SmallVector<llvm::StringRef> parts;
  globs.split(parts, ',', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef part : parts) {
    part = part.trim();
    bool positive = !part.consume_front("-");
    part = part.trim();
    if (part.empty() || (!positive && !keepNegativeGlobs))
      continue;
    globs_.push_back(Glob{positive, part.str(), regexForGlob(part)});
  }
}

bool GlobList::contains(llvm::StringRef name) const {
  for (const Glob &glob : llvm::reverse(globs_))
    if (glob.regex.match(name))
      return glob.positive;
  return false;
}

} // namespace threadlint
