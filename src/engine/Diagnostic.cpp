#include "engine/Diagnostic.h"

#include <algorithm>
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

} // namespace threadlint
