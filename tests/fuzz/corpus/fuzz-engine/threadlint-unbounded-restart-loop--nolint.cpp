void consume();

void suppressed() {
  while (true) { // NOLINT(threadlint-unbounded-restart-loop)
    try {
      consume();
    } catch (...) {
    }
  }
  // NOLINTNEXTLINE(threadlint-unbounded-restart-loop)
  for (;;) {
    try {
      consume();
    } catch (...) {
    }
  }
}
