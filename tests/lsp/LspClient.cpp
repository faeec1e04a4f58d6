#include "LspClient.h"

#include <gtest/gtest.h>

#include <csignal>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace threadlint::testing {

LspClient::LspClient(const std::string &program) {
  int input[2], output[2];
  if (::pipe(input) != 0 || ::pipe(output) != 0) {
    ADD_FAILURE() << "pipe failed";
    return;
  }
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(input[0], STDIN_FILENO);
    ::dup2(output[1], STDOUT_FILENO);
    ::close(input[1]);
    ::close(output[0]);
    ::execl(program.c_str(), program.c_str(), "lsp", static_cast<char *>(nullptr));
    ::_exit(127);
  }
  ::close(input[0]);
  ::close(output[1]);
  toServer_ = input[1];
  fromServer_ = output[0];
  ::signal(SIGPIPE, SIG_IGN);
}

LspClient::~LspClient() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (toServer_ >= 0)
    ::close(toServer_);
  if (fromServer_ >= 0)
    ::close(fromServer_);
}

void LspClient::sendRaw(const std::string &bytes) {
  std::size_t written = 0;
  while (written < bytes.size()) {
    ssize_t count = ::write(toServer_, bytes.data() + written, bytes.size() - written);
    if (count <= 0) {
      ADD_FAILURE() << "the server stopped reading";
      return;
    }
    written += static_cast<std::size_t>(count);
  }
}

void LspClient::send(const nlohmann::json &message) {
  std::string body = message.dump();
  sendRaw("Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
}

void LspClient::request(int id, const std::string &method, const nlohmann::json &params) {
  send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}});
}

void LspClient::notify(const std::string &method, const nlohmann::json &params) {
  send({{"jsonrpc", "2.0"}, {"method", method}, {"params", params}});
}

bool LspClient::fill(std::chrono::steady_clock::time_point deadline) {
  auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  if (remaining.count() <= 0)
    return false;
  pollfd descriptor{fromServer_, POLLIN, 0};
  if (::poll(&descriptor, 1, static_cast<int>(remaining.count())) <= 0)
    return false;
  char chunk[65536];
  ssize_t count = ::read(fromServer_, chunk, sizeof chunk);
  if (count <= 0)
    return false;
  buffer_.append(chunk, static_cast<std::size_t>(count));
  return true;
}

std::optional<nlohmann::json>
LspClient::readMessage(std::chrono::steady_clock::time_point deadline) {
  while (true) {
    std::size_t headerEnd = buffer_.find("\r\n\r\n");
    if (headerEnd != std::string::npos) {
      std::string headers = buffer_.substr(0, headerEnd);
      std::size_t at = headers.find("Content-Length: ");
      EXPECT_NE(at, std::string::npos) << "a message without Content-Length: " << headers;
      if (at == std::string::npos)
        return std::nullopt;
      std::size_t length = std::stoul(headers.substr(at + 16));
      if (buffer_.size() >= headerEnd + 4 + length) {
        std::string body = buffer_.substr(headerEnd + 4, length);
        buffer_.erase(0, headerEnd + 4 + length);
        nlohmann::json message = nlohmann::json::parse(body, nullptr, false);
        EXPECT_FALSE(message.is_discarded()) << "the server wrote something that is not JSON: "
                                             << body;
        seen.push_back(message);
        return message;
      }
    }
    if (!fill(deadline))
      return std::nullopt;
  }
}

nlohmann::json LspClient::waitFor(const std::function<bool(const nlohmann::json &)> &predicate,
                                  std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::optional<nlohmann::json> message = readMessage(deadline))
    if (predicate(*message))
      return std::move(*message);
  ADD_FAILURE() << "the awaited message did not come within " << timeout.count() << " ms";
  return nullptr;
}

nlohmann::json LspClient::response(int id) {
  return waitFor([id](const nlohmann::json &message) {
    return message.contains("id") && message["id"] == id && !message.contains("method");
  });
}

nlohmann::json LspClient::diagnosticsFor(const std::string &uri) {
  return waitFor([&uri](const nlohmann::json &message) {
    return message.value("method", "") == "textDocument/publishDiagnostics" &&
           message["params"]["uri"] == uri;
  });
}

int LspClient::finish() {
  ::close(toServer_);
  toServer_ = -1;
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string fileUri(const std::string &path) { return "file://" + path; }

} // namespace threadlint::testing
