// Drives a real `threadlint lsp` process over pipes, as an editor would.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace threadlint::testing {

class LspClient {
public:
  explicit LspClient(const std::string &program);
  ~LspClient();
  LspClient(const LspClient &) = delete;
  LspClient &operator=(const LspClient &) = delete;

  void send(const nlohmann::json &message);
  void sendRaw(const std::string &bytes);
  void request(int id, const std::string &method, const nlohmann::json &params);
  void notify(const std::string &method, const nlohmann::json &params);

  /// The next message satisfying `predicate` (every message is kept in
  /// `seen`); null, and a test failure, when none comes in time.
  nlohmann::json waitFor(const std::function<bool(const nlohmann::json &)> &predicate,
                         std::chrono::milliseconds timeout = std::chrono::seconds(60));
  nlohmann::json response(int id);
  nlohmann::json diagnosticsFor(const std::string &uri);

  /// Closes stdin and waits for the exit code.
  int finish();

  int pid() const { return pid_; }

  std::vector<nlohmann::json> seen; ///< every message received, in order

private:
  std::optional<nlohmann::json> readMessage(std::chrono::steady_clock::time_point deadline);
  bool fill(std::chrono::steady_clock::time_point deadline);
  int pid_ = -1;
  int toServer_ = -1;
  int fromServer_ = -1;
  std::string buffer_;
};

std::string fileUri(const std::string &path);

} // namespace threadlint::testing
