// NOLINT comments suppress exactly as clang-tidy's do.
#include <thread>

void suppressed(std::thread &a, std::thread &b, std::thread &c, std::thread &d) {
  a.detach(); // NOLINT
  b.detach(); // NOLINT(threadlint-detached-thread)
  c.detach(); // NOLINT(threadlint-*)
  // NOLINTNEXTLINE(threadlint-detached-thread)
  d.detach();
}

void notSuppressed(std::thread &a, std::thread &b, std::thread &c) {
  a.detach(); // NOLINT(bugprone-unused-return-value) // EXPECT: 5 threadlint-detached-thread
  // NOLINTNEXTLINE(threadlint-detached-thread)

  b.detach(); // EXPECT: 5 threadlint-detached-thread
  c.detach(); // NOLINTNEXTLINE // EXPECT: 5 threadlint-detached-thread
}

// NOLINTBEGIN(threadlint-detached-thread)
void insideBlock(std::thread &a) { a.detach(); }
// NOLINTEND(threadlint-detached-thread)

// A block closed with another check list suppresses nothing, and both
// comments are reported as unmatched, as clang-tidy does.
// EXPECT@+1: 4 clang-tidy-nolint "without a subsequent"
// NOLINTBEGIN(threadlint-detached-thread)
void mismatchedBlock(std::thread &a) {
  a.detach(); // EXPECT: 5 threadlint-detached-thread
}
// EXPECT@+1: 4 clang-tidy-nolint "without a previous"
// NOLINTEND(threadlint-discarded-async)

#define DETACH(t) (t).detach()
void throughMacro(std::thread &a, std::thread &b) {
  DETACH(a); // EXPECT: 3 threadlint-detached-thread
  DETACH(b); // NOLINT
}
