#!/usr/bin/env python3
"""Editor latency of `threadlint lsp` on a generated 1,000-line file that
includes <thread>, <mutex> and <future>: the first analysis (which builds the
preamble) and re-analyses after edits below the includes (which reuse it).

    bench/lsp-latency.py build/bin/threadlint [--rounds N]

Prints one line per measurement and a summary; times are wall-clock from the
edit notification to the publishDiagnostics that answers it, with the
server's debounce set to 0 so only analysis is measured."""
import argparse, json, os, select, statistics, subprocess, tempfile, time


def generate(lines):
    """Ordinary concurrent code: classes with guarded state, and every eighth
    one owning a thread and an async task (each distinct lambda instantiates
    std::thread's and std::async's templates anew, as real code does)."""
    head = ["#include <future>", "#include <mutex>", "#include <thread>", "#include <vector>", ""]
    body = []
    index = 0
    while True:
        block = [
            f"class Worker{index} {{",
            "public:",
            "  int read() const { std::lock_guard<std::mutex> lock(mutex_); return value_; }",
            "  void write(int v) { std::lock_guard<std::mutex> lock(mutex_); value_ = v; }",
        ]
        if index % 8 == 0:
            block += [
                f"  void start() {{ thread_ = std::thread([this] {{ write(read() + {index}); }}); }}",
                "  void stop() { if (thread_.joinable()) thread_.join(); }",
                "  int later() { return std::async(std::launch::async, [this] { return read(); }).get(); }",
            ]
        else:
            block += [
                "  void add(int v) { std::lock_guard<std::mutex> lock(mutex_); value_ += v; }",
                "  bool empty() const { std::lock_guard<std::mutex> lock(mutex_); return value_ == 0; }",
                "  void reset() { std::lock_guard<std::mutex> lock(mutex_); value_ = 0; }",
            ]
        block += ["private:", "  mutable std::mutex mutex_;", "  std::thread thread_;",
                  "  int value_ = 0;", "};", ""]
        if len(head) + len(body) + len(block) > lines:
            break
        body += block
        index += 1
    body += [f"// line {len(head) + len(body) + n + 1}" for n in range(lines - len(head) - len(body))]
    return "\n".join(head + body) + "\n"


class Server:
    def __init__(self, program):
        self.process = subprocess.Popen([program, "lsp"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.buffer = b""

    def send(self, message):
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def receive(self, deadline):
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end >= 0:
                length = int(self.buffer[:end].split(b"Content-Length:")[1].split(b"\r\n")[0])
                if len(self.buffer) >= end + 4 + length:
                    body = self.buffer[end + 4 : end + 4 + length]
                    self.buffer = self.buffer[end + 4 + length :]
                    return json.loads(body)
            ready, _, _ = select.select([self.process.stdout], [], [], max(0, deadline - time.time()))
            if not ready:
                raise TimeoutError("no answer from the server")
            self.buffer += os.read(self.process.stdout.fileno(), 1 << 16)

    def until(self, predicate, timeout=120):
        deadline = time.time() + timeout
        log = []
        while True:
            message = self.receive(deadline)
            if message.get("method") == "window/logMessage":
                log.append(message["params"]["message"])
            if predicate(message):
                return message, log


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("threadlint")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--checks", default=None,
                        help="initializationOptions.checks, e.g. '-*' to time the parse alone")
    arguments = parser.parse_args()

    directory = tempfile.mkdtemp(prefix="threadlint-lsp-bench-")
    path = os.path.join(directory, "workers.cpp")
    text = generate(arguments.lines)
    with open(path, "w") as out:
        out.write(text)
    uri = "file://" + path

    server = Server(arguments.threadlint)
    options = {"debounceMs": 0}
    if arguments.checks is not None:
        options["checks"] = arguments.checks
    server.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                 "params": {"capabilities": {}, "initializationOptions": options}})
    server.until(lambda m: m.get("id") == 1)
    server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})

    def published(version):
        return lambda m: (m.get("method") == "textDocument/publishDiagnostics"
                          and m["params"].get("version") == version)

    start = time.time()
    server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                 "params": {"textDocument": {"uri": uri, "languageId": "cpp", "version": 1, "text": text}}})
    message, log = server.until(published(1))
    first = time.time() - start
    findings = len(message["params"]["diagnostics"])
    print(f"first analysis: {first * 1000:.0f} ms ({findings} findings) - {log[-1] if log else ''}")

    again = []
    for round_ in range(arguments.rounds):
        version = round_ + 2
        line = arguments.lines - 1
        change = {"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
                  "text": f"int edit{round_} = {round_};\n"}
        start = time.time()
        server.send({"jsonrpc": "2.0", "method": "textDocument/didChange",
                     "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}})
        _, log = server.until(published(version))
        again.append(time.time() - start)
        print(f"edit {round_ + 1}: {again[-1] * 1000:.0f} ms - {log[-1] if log else ''}")

    server.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    server.until(lambda m: m.get("id") == 2)
    server.send({"jsonrpc": "2.0", "method": "exit"})
    server.process.wait(30)
    median = statistics.median(again)
    print(f"summary: {arguments.lines} lines, first {first * 1000:.0f} ms, after an edit "
          f"median {median * 1000:.0f} ms over {len(again)} edits "
          f"({median / first:.2f} of the first)")


if __name__ == "__main__":
    main()
