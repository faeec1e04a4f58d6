// Loops that catch, log and retry at once, forever.
#include <cstdio>
#include <stdexcept>

void connectToBroker();
void consume();
void log(const char *message);

void reconnectForever() {
  while (true) { // EXPECT: 3 threadlint-unbounded-restart-loop "spins this thread"
    try {
      connectToBroker();
      consume();
    } catch (const std::exception &error) {
      log(error.what());
    }
  }
}

void forEver() {
  for (;;) { // EXPECT: 3 threadlint-unbounded-restart-loop
    try {
      consume();
    } catch (...) {
    }
  }
}

void doWhileOne() {
  do { // EXPECT: 3 threadlint-unbounded-restart-loop
    try {
      consume();
    } catch (const std::runtime_error &) {
      continue;
    }
  } while (1);
}

void onlySomeHandlersLeave() {
  while (true) { // EXPECT: 3 threadlint-unbounded-restart-loop
    try {
      consume();
    } catch (const std::logic_error &) {
      return; // a bug: give up
    } catch (const std::runtime_error &) {
      log("retrying"); // a transient failure: retry at once, forever
    }
  }
}

void breakOnlyLeavesTheInnerSwitch(int mode) {
  while (true) { // EXPECT: 3 threadlint-unbounded-restart-loop
    try {
      consume();
    } catch (...) {
      switch (mode) {
      case 0:
        break;
      default:
        log("again");
      }
    }
  }
}

template <typename Task> void retry(Task task) {
  for (;;) { // EXPECT: 3 threadlint-unbounded-restart-loop
    try {
      task();
    } catch (...) {
      log("failed");
    }
  }
}

void instantiate() { retry(consume); retry([] {}); }
