#include "cli/LineFilter.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <nlohmann/json.hpp>

namespace threadlint::cli {
namespace {

llvm::Error filterError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// Runs git with `arguments` in `directory`; its standard output, or why not.
llvm::Expected<std::string> runGit(llvm::ArrayRef<std::string> arguments,
                                   const std::string &directory) {
  llvm::ErrorOr<std::string> git = llvm::sys::findProgramByName("git");
  if (!git)
    return filterError("--changed-since needs git, which is not on PATH");
  llvm::SmallString<128> output, errors;
  if (std::error_code error = llvm::sys::fs::createTemporaryFile("threadlint-git", "out", output))
    return filterError("cannot create a temporary file: " + error.message());
  if (std::error_code error = llvm::sys::fs::createTemporaryFile("threadlint-git", "err", errors))
    return filterError("cannot create a temporary file: " + error.message());
  std::vector<llvm::StringRef> argv = {*git, "-C", directory};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  std::optional<llvm::StringRef> redirects[] = {llvm::StringRef(""), llvm::StringRef(output),
                                                llvm::StringRef(errors)};
  std::string message;
  int status = llvm::sys::ExecuteAndWait(*git, argv, std::nullopt, redirects, 0, 0, &message);
  auto read = [](llvm::StringRef path) {
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer = llvm::MemoryBuffer::getFile(path);
    return buffer ? (*buffer)->getBuffer().str() : std::string();
  };
  std::string out = read(output), err = read(errors);
  (void)llvm::sys::fs::remove(output); // a leftover temporary file is harmless
  (void)llvm::sys::fs::remove(errors);
  if (status != 0)
    return filterError("git " + arguments.front() + " failed: " +
                       (err.empty() ? message : llvm::StringRef(err).trim().split('\n').first.str()));
  return out;
}

} // namespace

llvm::Expected<LineFilter> LineFilter::parse(llvm::StringRef json) {
  nlohmann::json document =
      nlohmann::json::parse(json.begin(), json.end(), nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_array())
    return filterError("--line-filter: expected a JSON array like "
                       "[{\"name\":\"file.cpp\",\"lines\":[[1,3]]}]");
  LineFilter filter;
  for (const nlohmann::json &item : document) {
    if (!item.is_object() || !item.contains("name") || !item["name"].is_string())
      return filterError("--line-filter: every entry needs a \"name\" string");
    Entry entry{item["name"].get<std::string>(), {}};
    if (item.contains("lines")) {
      if (!item["lines"].is_array())
        return filterError("--line-filter: \"lines\" must be an array of [first, last] pairs");
      for (const nlohmann::json &range : item["lines"]) {
        if (!range.is_array() || range.size() != 2 || !range[0].is_number_unsigned() ||
            !range[1].is_number_unsigned())
          return filterError("--line-filter: each line range must be [first, last]");
        entry.lines.emplace_back(range[0].get<unsigned>(), range[1].get<unsigned>());
      }
    }
    filter.entries.push_back(std::move(entry));
  }
  return filter;
}

LineFilter LineFilter::fromUnifiedDiff(llvm::StringRef diff, llvm::StringRef topLevel) {
  LineFilter filter;
  Entry *current = nullptr;
  for (llvm::StringRef line : llvm::split(diff, '\n')) {
    if (line.consume_front("+++ ")) {
      current = nullptr;
      if (line.trim() == "/dev/null" || !line.consume_front("b/"))
        continue;
      llvm::SmallString<256> path(topLevel);
      llvm::sys::path::append(path, line.rtrim("\r\t "));
      filter.entries.push_back({std::string(path), {}});
      current = &filter.entries.back();
      continue;
    }
    if (!current || !line.consume_front("@@ "))
      continue;
    // @@ -old[,count] +new[,count] @@
    llvm::StringRef added = line.split(' ').second.split(' ').first;
    if (!added.consume_front("+"))
      continue;
    auto [startText, countText] = added.split(',');
    unsigned start = 0, count = 1;
    if (startText.getAsInteger(10, start) ||
        (!countText.empty() && countText.getAsInteger(10, count)))
      continue;
    if (count > 0)
      current->lines.emplace_back(start, start + count - 1);
  }
  // A file with only deletions has no lines left to report on.
  llvm::erase_if(filter.entries, [](const Entry &entry) { return entry.lines.empty(); });
  return filter;
}

llvm::Expected<LineFilter> LineFilter::changedSince(const std::string &revision,
                                                    const std::string &directory) {
  llvm::Expected<std::string> topLevel = runGit({"rev-parse", "--show-toplevel"}, directory);
  if (!topLevel)
    return topLevel.takeError();
  std::string root = llvm::StringRef(*topLevel).trim().str();
  // What this branch changed is measured from where it left `revision`
  // (`git diff rev...`), not from `revision`'s tip: lines the other branch
  // changed since are not this branch's. The working tree counts too.
  if (llvm::Expected<std::string> known =
          runGit({"rev-parse", "--verify", "--quiet", revision + "^{commit}"}, directory);
      !known) {
    llvm::consumeError(known.takeError());
    return filterError("'" + revision + "' names no commit in " + root +
                       " (fetch it first, e.g. `git fetch origin main`)");
  }
  llvm::Expected<std::string> mergeBase = runGit({"merge-base", revision, "HEAD"}, directory);
  if (!mergeBase) {
    llvm::consumeError(mergeBase.takeError());
    return filterError("'" + revision +
                       "' and HEAD have no common ancestor here (in a shallow clone, fetch more "
                       "history: `git fetch --unshallow`, or a fetch depth of 0 in CI)");
  }
  std::string base = llvm::StringRef(*mergeBase).trim().str();
  llvm::Expected<std::string> diff =
      runGit({"diff", "-U0", "--no-color", "--no-ext-diff", "--no-renames", base, "--"},
             directory);
  if (!diff)
    return diff.takeError();
  LineFilter filter = fromUnifiedDiff(*diff, root);
  llvm::Expected<std::string> untracked =
      runGit({"ls-files", "--others", "--exclude-standard", "--full-name"}, root);
  if (!untracked)
    return untracked.takeError();
  for (llvm::StringRef file : llvm::split(llvm::StringRef(*untracked).trim(), '\n')) {
    if (file.empty())
      continue;
    llvm::SmallString<256> path(root);
    llvm::sys::path::append(path, file);
    filter.entries.push_back({std::string(path), {}});
  }
  // Nothing changed still means "report nothing", not "report everything".
  if (filter.entries.empty())
    filter.entries.push_back({"\n(no changes)", {{0, 0}}});
  return filter;
}

bool LineFilter::passes(llvm::StringRef file, unsigned line) const {
  for (const Entry &entry : entries) {
    if (!file.ends_with(entry.name))
      continue;
    if (entry.lines.empty())
      return true;
    for (const auto &[first, last] : entry.lines)
      if (first <= line && line <= last)
        return true;
    return false;
  }
  return false;
}

void LineFilter::apply(ScanReport &report) const {
  std::vector<Diagnostic> kept;
  for (Diagnostic &diagnostic : report.diagnostics) {
    if (passes(diagnostic.position.file, diagnostic.position.line))
      kept.push_back(std::move(diagnostic));
    else
      ++report.outsideChangedLines;
  }
  report.diagnostics = std::move(kept);
}

} // namespace threadlint::cli
