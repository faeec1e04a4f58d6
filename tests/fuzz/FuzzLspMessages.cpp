// libFuzzer target: the language server's message reader (headers, bodies,
// JSON) over an arbitrary byte stream, and the document edits it carries:
// every `contentChanges` entry is applied to a document.
#include "lsp/TextDocument.h"
#include "lsp/Transport.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <variant>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  std::FILE *input = ::fmemopen(const_cast<std::uint8_t *>(data), size, "rb");
  if (!input)
    return 0;
  threadlint::lsp::MessageReader reader(input, 1u << 20);
  threadlint::lsp::TextDocument document("int main() {}\n// é 😀\n", 1);
  for (int messages = 0; messages < 64; ++messages) {
    threadlint::lsp::Incoming incoming = reader.read();
    if (std::holds_alternative<threadlint::lsp::EndOfInput>(incoming))
      break;
    const auto *message = std::get_if<nlohmann::json>(&incoming);
    if (!message || !message->is_object())
      continue;
    auto params = message->find("params");
    if (params == message->end() || !params->is_object())
      continue;
    auto changes = params->find("contentChanges");
    if (changes == params->end() || !changes->is_array())
      continue;
    for (const nlohmann::json &change : *changes)
      if (document.applyChange(change)) {
        threadlint::lsp::TextPosition end = document.fromClang(1 + messages % 3, 1 + messages);
        (void)document.offsetOf(end);
        (void)document.lineText(end.line);
      }
  }
  std::fclose(input);
  return 0;
}
