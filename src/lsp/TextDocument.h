// An open document's text and the conversions between LSP positions (0-based
// lines, UTF-16 code units) and byte offsets.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace threadlint::lsp {

struct TextPosition {
  unsigned line = 0;      ///< 0-based
  unsigned character = 0; ///< UTF-16 code units
};

class TextDocument {
public:
  TextDocument() = default;
  TextDocument(std::string text, long version) : text_(std::move(text)), version_(version) {}

  const std::string &text() const { return text_; }
  long version() const { return version_; }

  /// `textDocument/didChange` content changes: with a range (incremental) or
  /// the whole text. False when a range is malformed.
  bool applyChange(const nlohmann::json &change);
  void setVersion(long version) { version_ = version; }

  /// Clamped to the text: a position past a line's end is its end.
  std::size_t offsetOf(TextPosition position) const;

  /// A clang position (1-based line, 1-based byte column) as LSP sees it.
  TextPosition fromClang(unsigned line, unsigned byteColumn) const;

  /// The text of a 0-based line, without its line break.
  std::string lineText(unsigned line) const;

private:
  std::size_t lineStart(unsigned line) const;
  std::string text_;
  long version_ = 0;
};

nlohmann::json toJson(TextPosition position);
TextPosition positionFromJson(const nlohmann::json &position);

} // namespace threadlint::lsp
