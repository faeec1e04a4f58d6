// A thread per unit of work, started from a loop that runs as long as work
// arrives.
#include <list>
#include <memory>
#include <thread>
#include <vector>

struct Request {};
bool nextRequest(Request &request);
void handle(Request request);

void acceptLoop() {
  Request request;
  while (nextRequest(request)) {
    std::thread worker(handle, request); // EXPECT: 17 threadlint-thread-per-task "every iteration"
    worker.detach();
  }
}

void acceptForever(std::vector<std::thread> &workers) {
  for (;;) {
    Request request;
    if (!nextRequest(request))
      break;
    workers.emplace_back(handle, request); // EXPECT: 13 threadlint-thread-per-task
  }
}

using Worker = std::jthread;

void doLoop(std::list<Worker> &workers) {
  Request request;
  do {
    workers.emplace_back([request] { handle(request); }); // EXPECT: 13 threadlint-thread-per-task
    workers.push_back(Worker(handle, request)); // EXPECT: 23 threadlint-thread-per-task
  } while (nextRequest(request));
}

void temporaries() {
  Request request;
  while (nextRequest(request)) {
    std::thread(handle, request).detach(); // EXPECT: 5 threadlint-thread-per-task
    auto owned = std::make_unique<std::thread>(handle, request);
    auto raw = new std::thread(handle, request); // EXPECT: 20 threadlint-thread-per-task
    owned->join();
    raw->join();
    delete raw;
  }
}

template <typename Handler> void serve(Handler handler) {
  Request request;
  while (nextRequest(request))
    std::jthread(handler, request); // EXPECT: 5 threadlint-thread-per-task
}

void instantiate() {
  serve(handle);
  serve([](Request) {});
}

void conditionNotStepped(std::vector<std::thread> &pool, int pending, bool &running) {
  while (pending > 0 && running) {
    pool.emplace_back(handle, Request{}); // EXPECT: 10 threadlint-thread-per-task
    --pending;
  }
}
