#include "engine/InputFiles.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FileSystem.h"

#include <optional>
#include <string>

namespace threadlint {
namespace {

std::string sizeText(std::uint64_t bytes) {
  if (bytes >= (1ull << 30) && bytes % (1ull << 30) == 0)
    return std::to_string(bytes >> 30) + " GiB";
  if (bytes >= (1ull << 20) && bytes % (1ull << 20) == 0)
    return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

/// `size` is unset for a stream, read only up to just past the limit.
llvm::Error tooLarge(std::optional<std::uint64_t> size, std::uint64_t limit,
                     llvm::StringRef kind) {
  std::string what = size ? "is " + sizeText(*size) + ", over" : std::string("is over");
  return llvm::createStringError(std::make_error_code(std::errc::file_too_large),
                                 "%s the limit of %s for %s", what.c_str(),
                                 sizeText(limit).c_str(), kind.str().c_str());
}

/// Pipes and devices have no size to check first: read at most limit + 1.
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
readStream(llvm::StringRef path, std::uint64_t limit, llvm::StringRef kind) {
  llvm::Expected<llvm::sys::fs::file_t> file = llvm::sys::fs::openNativeFileForRead(path);
  if (!file)
    return file.takeError();
  llvm::SmallVector<char, 0> contents;
  constexpr std::size_t Chunk = std::size_t{64} * 1024;
  llvm::Error failure = llvm::Error::success();
  while (true) {
    std::size_t used = contents.size();
    contents.resize_for_overwrite(used + Chunk);
    llvm::Expected<std::size_t> read = llvm::sys::fs::readNativeFile(
        *file, llvm::MutableArrayRef<char>(contents.data() + used, Chunk));
    if (!read) {
      failure = read.takeError();
      break;
    }
    contents.truncate(used + *read);
    if (*read == 0)
      break;
    if (contents.size() > limit) {
      failure = tooLarge(std::nullopt, limit, kind);
      break;
    }
  }
  (void)llvm::sys::fs::closeFile(*file); // read-only: nothing to lose on close
  if (failure)
    return failure;
  return llvm::MemoryBuffer::getMemBufferCopy(llvm::StringRef(contents.data(), contents.size()),
                                              path);
}

} // namespace

llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
readBoundedFile(llvm::StringRef path, std::uint64_t limit, llvm::StringRef kind,
                Streams streams) {
  llvm::sys::fs::file_status status;
  if (std::error_code error = llvm::sys::fs::status(path, status))
    return llvm::errorCodeToError(error);
  if (status.type() == llvm::sys::fs::file_type::directory_file)
    return llvm::createStringError(std::make_error_code(std::errc::is_a_directory),
                                   "is a directory");
  if (status.type() != llvm::sys::fs::file_type::regular_file) {
    if (streams == Streams::Refused)
      return llvm::createStringError(std::make_error_code(std::errc::invalid_argument),
                                     "is not a regular file");
    return readStream(path, limit, kind);
  }
  if (status.getSize() > limit)
    return tooLarge(status.getSize(), limit, kind);
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer)
    return llvm::errorCodeToError(buffer.getError());
  return std::move(*buffer);
}

} // namespace threadlint
