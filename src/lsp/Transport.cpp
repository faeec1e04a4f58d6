#include "lsp/Transport.h"

#include "llvm/ADT/StringRef.h"

namespace threadlint::lsp {

MessageReader::MessageReader(std::FILE *input, std::size_t maxMessageBytes)
    : input_(input), maxMessageBytes_(maxMessageBytes) {}

std::optional<std::string> MessageReader::readLine() {
  std::string line;
  int character;
  while ((character = std::fgetc(input_)) != EOF) {
    if (character == '\n')
      return line;
    if (line.size() > 4096) // no header is this long: resynchronize on the next line
      line.clear();
    line.push_back(static_cast<char>(character));
  }
  if (line.empty())
    return std::nullopt;
  return line;
}

Incoming MessageReader::read() {
  std::optional<std::size_t> length;
  bool sawHeader = false;
  while (true) {
    std::optional<std::string> line = readLine();
    if (!line)
      return EndOfInput{};
    llvm::StringRef header = llvm::StringRef(*line).rtrim("\r");
    if (header.empty()) {
      if (!sawHeader)
        continue; // stray blank lines between messages
      break;
    }
    sawHeader = true;
    auto [name, value] = header.split(':');
    if (name.trim().equals_insensitive("Content-Length")) {
      std::size_t parsed = 0;
      if (value.trim().getAsInteger(10, parsed))
        return Malformed{"invalid Content-Length header '" + header.str() + "'"};
      length = parsed;
    }
  }
  if (!length)
    return Malformed{"a message without a Content-Length header"};
  if (*length > maxMessageBytes_) {
    for (std::size_t skipped = 0; skipped < *length && std::fgetc(input_) != EOF; ++skipped) {
    }
    return Malformed{"a message of " + std::to_string(*length) + " bytes, over the limit of " +
                     std::to_string(maxMessageBytes_)};
  }
  std::string body(*length, '\0');
  std::size_t got = std::fread(body.data(), 1, *length, input_);
  if (got != *length)
    return EndOfInput{};
  nlohmann::json message = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded())
    return Malformed{"the message body is not valid JSON"};
  return message;
}

void MessageWriter::send(const nlohmann::json &message) {
  std::string body = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::lock_guard<std::mutex> lock(mutex_);
  std::fprintf(output_, "Content-Length: %zu\r\n\r\n", body.size());
  std::fwrite(body.data(), 1, body.size(), output_);
  std::fflush(output_);
}

} // namespace threadlint::lsp
