#include <thread>

void work() {}

int main() {
  std::thread worker(work);
  worker.detach();
  return 0;
}
