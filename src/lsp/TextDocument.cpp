#include "lsp/TextDocument.h"

namespace threadlint::lsp {
namespace {

/// Bytes a UTF-8 sequence starting with `lead` takes, and the UTF-16 code
/// units it becomes.
std::pair<unsigned, unsigned> utf8Sequence(unsigned char lead) {
  if (lead < 0x80)
    return {1, 1};
  if ((lead >> 5) == 0x6)
    return {2, 1};
  if ((lead >> 4) == 0xE)
    return {3, 1};
  if ((lead >> 3) == 0x1E)
    return {4, 2};
  return {1, 1}; // not UTF-8: one byte, one unit
}

} // namespace

std::size_t TextDocument::lineStart(unsigned line) const {
  std::size_t offset = 0;
  for (unsigned current = 0; current < line; ++current) {
    std::size_t newline = text_.find('\n', offset);
    if (newline == std::string::npos)
      return text_.size();
    offset = newline + 1;
  }
  return offset;
}

std::size_t TextDocument::offsetOf(TextPosition position) const {
  std::size_t offset = lineStart(position.line);
  unsigned units = 0;
  while (offset < text_.size() && text_[offset] != '\n' && units < position.character) {
    auto [bytes, codeUnits] = utf8Sequence(static_cast<unsigned char>(text_[offset]));
    offset = std::min(text_.size(), offset + bytes);
    units += codeUnits;
  }
  return offset;
}

TextPosition TextDocument::fromClang(unsigned line, unsigned byteColumn) const {
  TextPosition position{line == 0 ? 0 : line - 1, 0};
  std::size_t offset = lineStart(position.line);
  std::size_t end = offset + (byteColumn == 0 ? 0 : byteColumn - 1);
  while (offset < end && offset < text_.size() && text_[offset] != '\n') {
    auto [bytes, codeUnits] = utf8Sequence(static_cast<unsigned char>(text_[offset]));
    offset += bytes;
    position.character += codeUnits;
  }
  return position;
}

std::string TextDocument::lineText(unsigned line) const {
  std::size_t start = lineStart(line);
  std::size_t end = text_.find('\n', start);
  std::string text = text_.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (!text.empty() && text.back() == '\r')
    text.pop_back();
  return text;
}

bool TextDocument::applyChange(const nlohmann::json &change) {
  if (!change.is_object() || !change.contains("text") || !change["text"].is_string())
    return false;
  const std::string &replacement = change["text"].get_ref<const std::string &>();
  if (!change.contains("range")) {
    text_ = replacement;
    return true;
  }
  const nlohmann::json &range = change["range"];
  if (!range.is_object() || !range.contains("start") || !range.contains("end"))
    return false;
  std::size_t begin = offsetOf(positionFromJson(range["start"]));
  std::size_t end = offsetOf(positionFromJson(range["end"]));
  if (end < begin)
    return false;
  text_.replace(begin, end - begin, replacement);
  return true;
}

nlohmann::json toJson(TextPosition position) {
  return {{"line", position.line}, {"character", position.character}};
}

TextPosition positionFromJson(const nlohmann::json &position) {
  TextPosition result;
  if (position.is_object()) {
    if (position.contains("line") && position["line"].is_number_unsigned())
      result.line = position["line"].get<unsigned>();
    if (position.contains("character") && position["character"].is_number_unsigned())
      result.character = position["character"].get<unsigned>();
  }
  return result;
}

} // namespace threadlint::lsp
