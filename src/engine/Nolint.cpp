#include "engine/Nolint.h"

#include "engine/GlobList.h"

#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

#include <algorithm>

namespace threadlint {
namespace {

std::optional<NolintDirective::Kind> kindOf(llvm::StringRef word) {
  if (word == "NOLINT")
    return NolintDirective::Kind::SameLine;
  if (word == "NOLINTNEXTLINE")
    return NolintDirective::Kind::NextLine;
  if (word == "NOLINTBEGIN")
    return NolintDirective::Kind::Begin;
  if (word == "NOLINTEND")
    return NolintDirective::Kind::End;
  return std::nullopt;
}

/// `NOLINT( a, b )` means the same as `NOLINT(a,b)`; BEGIN/END pairs compare
/// their lists in this form.
std::string normalizeChecks(llvm::StringRef checks) {
  llvm::SmallVector<llvm::StringRef> parts;
  checks.split(parts, ',');
  for (llvm::StringRef &part : parts)
    part = part.trim();
  return llvm::join(parts, ",");
}

std::pair<std::size_t, std::size_t> lineAround(llvm::StringRef buffer, std::size_t offset) {
  std::size_t start = buffer.find_last_of('\n', offset);
  start = start == llvm::StringRef::npos ? 0 : start + 1;
  std::size_t end = std::min(buffer.find('\n', offset), buffer.size());
  return {start, end};
}

bool lineHas(llvm::StringRef buffer, std::pair<std::size_t, std::size_t> line,
             NolintDirective::Kind kind, llvm::StringRef check) {
  for (const NolintDirective &directive :
       parseNolintDirectives(buffer.slice(line.first, line.second)))
    if (directive.kind == kind && directive.suppresses(check))
      return true;
  return false;
}

} // namespace

bool NolintDirective::suppresses(llvm::StringRef check) const {
  return GlobList(checks.value_or("*"), /*keepNegativeGlobs=*/false).contains(check);
}

std::vector<NolintDirective> parseNolintDirectives(llvm::StringRef buffer) {
  static constexpr llvm::StringLiteral Marker = "NOLINT";
  std::vector<NolintDirective> directives;
  std::size_t position = 0;
  while (position < buffer.size()) {
    std::size_t start = buffer.find(Marker, position);
    if (start == llvm::StringRef::npos)
      break;
    position = start + Marker.size();
    while (position < buffer.size() && llvm::isAlpha(buffer[position]))
      ++position;
    std::optional<NolintDirective::Kind> kind = kindOf(buffer.slice(start, position));
    if (!kind)
      continue;
    std::optional<std::string> checks;
    if (position < buffer.size() && buffer[position] == '(') {
      std::size_t close = buffer.find_first_of("\n)", position + 1);
      if (close != llvm::StringRef::npos && buffer[close] == ')') {
        checks = normalizeChecks(buffer.slice(position + 1, close));
        position = close + 1;
      }
    }
    directives.push_back(NolintDirective{*kind, start, std::move(checks)});
  }
  return directives;
}

NolintFilter::NolintFilter(const clang::SourceManager &sources) : sources_(sources) {}
NolintFilter::~NolintFilter() = default;

bool NolintFilter::suppresses(clang::SourceLocation location, llvm::StringRef check) {
  // Like clang-tidy: the spelling of the finding, then each macro expansion
  // that led to it, outermost last.
  while (location.isValid()) {
    if (suppressesAt(location, check))
      return true;
    if (!location.isMacroID())
      return false;
    location = sources_.getImmediateExpansionRange(location).getBegin();
  }
  return false;
}

bool NolintFilter::suppressesAt(clang::SourceLocation location, llvm::StringRef check) {
  auto [file, offset] = sources_.getDecomposedSpellingLoc(location);
  if (!sources_.getNonBuiltinFilenameForID(file))
    return false;
  std::optional<llvm::StringRef> buffer = sources_.getBufferDataOrNone(file);
  if (!buffer)
    return false;
  auto line = lineAround(*buffer, offset);
  if (lineHas(*buffer, line, NolintDirective::Kind::SameLine, check))
    return true;
  if (line.first > 0 &&
      lineHas(*buffer, lineAround(*buffer, line.first - 1), NolintDirective::Kind::NextLine,
              check))
    return true;
  for (const Block &block : blocksOf(file, *buffer))
    if (block.begin.offset < offset && offset < block.endOffset &&
        block.begin.suppresses(check))
      return true;
  return false;
}

const std::vector<NolintFilter::Block> &NolintFilter::blocksOf(clang::FileID file,
                                                               llvm::StringRef buffer) {
  auto cached = blocks_.find(file);
  if (cached != blocks_.end())
    return cached->second;
  // BEGIN/END nest like brackets; an END closes the innermost BEGIN only when
  // their check lists are the same. Unmatched directives suppress nothing.
  std::vector<Block> blocks;
  std::vector<NolintDirective> open;
  auto unmatched = [&](std::size_t offset, const char *message) {
    unmatched_.push_back(
        {sources_.getComposedLoc(file, static_cast<unsigned>(offset)), message});
  };
  for (NolintDirective &directive : parseNolintDirectives(buffer)) {
    if (directive.kind == NolintDirective::Kind::Begin) {
      open.push_back(std::move(directive));
    } else if (directive.kind == NolintDirective::Kind::End) {
      if (!open.empty() && open.back().checks == directive.checks) {
        blocks.push_back(Block{std::move(open.back()), directive.offset});
        open.pop_back();
      } else {
        unmatched(directive.offset,
                  "unmatched 'NOLINTEND' comment without a previous 'NOLINTBEGIN' comment");
      }
    }
  }
  for (const NolintDirective &directive : open)
    unmatched(directive.offset,
              "unmatched 'NOLINTBEGIN' comment without a subsequent 'NOLINTEND' comment");
  return blocks_[file] = std::move(blocks);
}

} // namespace threadlint
