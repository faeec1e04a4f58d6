// Opened in Neovim by neovim-e2e.lua: two findings, one removed by an unsaved
// edit, the other by the server's quick fix.
#include <chrono>
#include <future>
#include <thread>

int compute();

void background(std::thread &worker) {
  worker.detach();
}

int prefetch() {
  auto pending = std::async(compute);
  if (pending.wait_for(std::chrono::seconds(1)) != std::future_status::ready)
    return -1;
  return pending.get();
}
