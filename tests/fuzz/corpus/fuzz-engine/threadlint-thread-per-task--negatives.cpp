// Fixed pools: counted and range loops; threads moved, not started; threads
// started by a lambda that runs elsewhere.
#include <array>
#include <functional>
#include <thread>
#include <vector>

void work(int index);
bool more();
void submit(std::function<void()> task);

void fixedPool(unsigned size) {
  std::vector<std::thread> pool;
  for (unsigned i = 0; i < size; ++i)
    pool.emplace_back(work, i);
  for (auto &thread : pool)
    thread.join();
}

void rangePool() {
  std::array<int, 4> shards{0, 1, 2, 3};
  std::vector<std::jthread> pool;
  for (int shard : shards)
    pool.emplace_back(work, shard);
}

void movesThreads(std::vector<std::thread> &from, std::vector<std::thread> &to) {
  while (!from.empty()) {
    to.emplace_back(std::move(from.back()));
    std::thread moved = std::move(to.back());
    to.back() = std::move(moved);
    from.pop_back();
  }
}

void lambdaRunsElsewhere() {
  while (more())
    submit([] { std::thread helper(work, 0); helper.join(); });
}

void nonThreadContainers(std::vector<int> &numbers) {
  while (more())
    numbers.emplace_back(1);
}

void startedOnce() {
  std::thread single(work, 1);
  while (more()) {
  }
  single.join();
}

void countedWhile(std::vector<std::thread> &pool, unsigned size) {
  while (size) {
    pool.emplace_back(work, 0);
    size--;
  }
  int remaining = 4;
  do {
    pool.emplace_back(work, remaining);
    remaining -= 1;
  } while (remaining > 0);
}
