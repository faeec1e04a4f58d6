// The front-end-neutral form of a finding: plain files, lines and columns, so
// it can be sorted, de-duplicated across translation units and serialized.
#pragma once

#include "engine/Rule.h"

#include <string>
#include <vector>

namespace threadlint {

struct Position {
  std::string file; ///< absolute, normalized path
  unsigned line = 0;   ///< 1-based
  unsigned column = 0; ///< 1-based, in bytes like clang's diagnostics
};

struct DiagnosticNote {
  Position position;
  std::string message;
};

struct Replacement {
  std::string file;
  unsigned offset = 0; ///< byte offset into the file
  unsigned length = 0;
  std::string text;
  Position begin;
  Position end;
};

struct Diagnostic {
  std::string check;
  std::string family;
  Severity severity = Severity::Warning;
  std::string message;
  Position position;
  Position end;
  std::vector<DiagnosticNote> notes;
  std::vector<Replacement> fixes;
  std::string sourceLine; ///< the text of the reported line, for carets
  /// Identifies the finding by its code, not its line number: the check, the
  /// reported line's text without whitespace, and which of the equal ones in
  /// the file it is. Survives edits elsewhere in the file.
  std::string fingerprint;
};

/// File, line, column, check, then message: the order every output uses.
bool reportOrderLess(const Diagnostic &left, const Diagnostic &right);

/// Sorts and drops the copies a header's findings get from each translation
/// unit (and a template's from each instantiation).
void sortAndDeduplicate(std::vector<Diagnostic> &diagnostics);

/// Fills in `fingerprint` for sorted, de-duplicated diagnostics.
void assignFingerprints(std::vector<Diagnostic> &diagnostics);

} // namespace threadlint
