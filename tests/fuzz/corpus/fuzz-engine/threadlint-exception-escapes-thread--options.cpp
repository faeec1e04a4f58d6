// CONFIG: {CheckOptions: {threadlint-exception-escapes-thread.ThrowingFunctions: 'net::connect;::net::resolve'}}
#include <stdexcept>
#include <thread>

namespace net {
void connect(int port);
int resolve(const char *host);
void close(int socket);
} // namespace net

void worker() {
  net::connect(80); // EXPECT: 8 threadlint-exception-escapes-thread "'net::connect'"
  net::resolve("example"); // EXPECT: 8 threadlint-exception-escapes-thread
  net::close(3);
  try {
    net::connect(81);
  } catch (const std::exception &) {
  }
}

void start() { std::thread(worker).join(); }
