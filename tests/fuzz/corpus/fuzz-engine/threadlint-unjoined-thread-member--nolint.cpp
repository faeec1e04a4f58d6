#include <thread>

class Suppressed {
  std::thread worker_; // NOLINT(threadlint-unjoined-thread-member)
  // NOLINTNEXTLINE
  std::thread helper_;
  std::thread other_; // NOLINT(threadlint-detached-thread) // EXPECT: 15 threadlint-unjoined-thread-member
};
