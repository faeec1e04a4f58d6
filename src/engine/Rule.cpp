#include "engine/Rule.h"

#include "engine/TestCode.h"

#include <algorithm>

#include "clang/Basic/LangOptions.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

namespace threadlint {

std::string_view severityName(Severity severity) {
  switch (severity) {
  case Severity::Note:
    return "note";
  case Severity::Warning:
    return "warning";
  case Severity::Error:
    return "error";
  }
  return "warning";
}

unsigned RuleOptions::getUnsigned(llvm::StringRef localName, unsigned fallback) const {
  std::optional<std::string> text = get(localName);
  unsigned value = 0;
  if (!text || llvm::StringRef(*text).trim().getAsInteger(10, value))
    return fallback;
  return value;
}

std::vector<std::string> RuleOptions::getList(llvm::StringRef localName,
                                              bool localOrGlobal) const {
  std::optional<std::string> text =
      localOrGlobal ? getLocalOrGlobal(localName) : get(localName);
  std::vector<std::string> items;
  if (!text)
    return items;
  llvm::SmallVector<llvm::StringRef> parts;
  llvm::StringRef(*text).split(parts, ';', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef part : parts)
    if (!part.trim().empty())
      items.push_back(part.trim().str());
  return items;
}

FindingBuilder::FindingBuilder(RuleReporter *reporter, clang::SourceLocation location,
                               std::string message)
    : reporter_(reporter) {
  finding_.location = location;
  finding_.message = std::move(message);
}

FindingBuilder::~FindingBuilder() {
  if (reporter_)
    reporter_->report(finding_);
}

FindingBuilder &FindingBuilder::range(clang::SourceRange range) {
  finding_.range = range;
  return *this;
}

FindingBuilder &FindingBuilder::note(clang::SourceLocation location, std::string message) {
  finding_.notes.push_back({location, std::move(message)});
  return *this;
}

FindingBuilder &FindingBuilder::explain(std::string message) {
  return note(finding_.location, std::move(message));
}

FindingBuilder &FindingBuilder::fix(clang::FixItHint hint) {
  finding_.fixes.push_back(std::move(hint));
  return *this;
}

Rule::Rule(const RuleEnvironment &environment)
    : info_(environment.info), options_(environment.options),
      reporter_(environment.reporter), enabledRules_(environment.enabledRules) {}

Rule::~Rule() = default;

RuleInfo withTestCodeOptions(RuleInfo info) {
  if (info.productionCodeOnly) {
    info.options.push_back({"IncludeTestCode", "false",
                            "also report in test code (test files and framework test bodies)"});
    info.options.push_back(
        {"TestFileRegex", DefaultTestFileRegex,
         "files whose path matches are test code (both options may be set globally)"});
  }
  return info;
}

bool Rule::isQuietAt(clang::SourceLocation location) {
  if (!info_.productionCodeOnly || !context_)
    return false;
  if (!testCode_)
    testCode_ = std::make_unique<TestCodeFilter>(options_);
  return testCode_->contains(*context_, location);
}

std::string fitWarning(std::string message, std::size_t limit) {
  constexpr std::size_t ShortestName = 12;
  constexpr std::string_view Ellipsis = "...";
  while (message.size() > limit) {
    // The longest quoted name that can still give characters back.
    std::size_t bestBegin = std::string::npos, bestLength = 0, secondLength = 0;
    for (std::size_t open = message.find('\''); open != std::string::npos;) {
      std::size_t close = message.find('\'', open + 1);
      if (close == std::string::npos)
        break;
      std::size_t length = close - open - 1;
      if (length > bestLength) {
        secondLength = bestLength;
        bestBegin = open + 1;
        bestLength = length;
      } else {
        secondLength = std::max(secondLength, length);
      }
      open = message.find('\'', close + 1);
    }
    if (bestLength <= ShortestName + Ellipsis.size())
      break; // nothing left to shorten: the sentence itself is too long
    // Shorten the longest name no further than the next longest in one step,
    // so long names share the cut; each step makes the message shorter.
    std::size_t excess = message.size() - limit;
    std::size_t enough = bestLength > excess + Ellipsis.size() ? bestLength - excess - Ellipsis.size() : 0;
    std::size_t keep = std::max(
        {ShortestName, std::min(bestLength - Ellipsis.size() - 1, secondLength), enough});
    std::size_t head = (keep + 1) / 2, tail = keep - head;
    message.replace(bestBegin + head, bestLength - head - tail, Ellipsis);
  }
  return message;
}

FindingBuilder Rule::report(clang::SourceLocation location, std::string message) {
  return FindingBuilder(isQuietAt(location) ? nullptr : &reporter_, location,
                        fitWarning(std::move(message)));
}

bool Rule::isLanguageVersionSupported(const clang::LangOptions &lang) const {
  return lang.CPlusPlus11;
}

} // namespace threadlint
