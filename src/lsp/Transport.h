// JSON-RPC 2.0 over the LSP base protocol: `Content-Length` framed messages
// on a byte stream.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdio>
#include <mutex>
#include <optional>
#include <string>
#include <variant>

namespace threadlint::lsp {

/// The JSON-RPC error codes the specification prescribes.
enum ErrorCode : int {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  InternalError = -32603,
  ServerNotInitialized = -32002,
  RequestFailed = -32803,
};

struct EndOfInput {};
/// A message that could not be read: bad framing or invalid JSON.
struct Malformed {
  std::string reason;
};
using Incoming = std::variant<nlohmann::json, Malformed, EndOfInput>;

class MessageReader {
public:
  explicit MessageReader(std::FILE *input, std::size_t maxMessageBytes = 64u << 20);
  /// Blocks for the next message.
  Incoming read();

private:
  std::optional<std::string> readLine();
  std::FILE *input_;
  std::size_t maxMessageBytes_;
};

/// Thread-safe: the reader loop and the analysis worker both send.
class MessageWriter {
public:
  explicit MessageWriter(std::FILE *output) : output_(output) {}
  void send(const nlohmann::json &message);

private:
  std::mutex mutex_;
  std::FILE *output_;
};

} // namespace threadlint::lsp
