#include "engine/Diagnostic.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/xxhash.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace threadlint {
namespace {

auto orderKey(const Diagnostic &d) {
  return std::tie(d.position.file, d.position.line, d.position.column, d.check, d.message);
}

} // namespace

bool reportOrderLess(const Diagnostic &left, const Diagnostic &right) {
  return orderKey(left) < orderKey(right);
}

void sortAndDeduplicate(std::vector<Diagnostic> &diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(), reportOrderLess);
  auto sameFinding = [](const Diagnostic &left, const Diagnostic &right) {
    return orderKey(left) == orderKey(right);
  };
  diagnostics.erase(std::unique(diagnostics.begin(), diagnostics.end(), sameFinding),
                    diagnostics.end());
}

void assignFingerprints(std::vector<Diagnostic> &diagnostics) {
  // Occurrences of the same check on equal code in one file are told apart
  // by their order, which edits elsewhere do not change.
  std::map<std::tuple<std::string, std::string, std::string>, unsigned> occurrences;
  for (Diagnostic &diagnostic : diagnostics) {
    std::string code;
    for (char character : diagnostic.sourceLine)
      if (!llvm::isSpace(character))
        code += character;
    unsigned occurrence =
        occurrences[{diagnostic.position.file, diagnostic.check, code}]++;
    std::string key = diagnostic.check + '\0' + code + '\0' + std::to_string(occurrence);
    diagnostic.fingerprint = llvm::utohexstr(llvm::xxh3_64bits(llvm::StringRef(key)),
                                             /*LowerCase=*/true, /*Width=*/16);
  }
}

} // namespace threadlint
