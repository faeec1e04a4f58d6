// Plain functions: a lock around no state.
#include <mutex>
#include <string>

using Lock = std::mutex;

// The mutex guards nothing: every member function is a pure function.
class Formatter { // VERDICT: Formatter plain-functions needs-work built-as guarded-state
public:
  std::string format(int value) const {
    std::lock_guard<Lock> lock(mutex_);
    return "#" + std::to_string(value);
  }

private:
  mutable Lock mutex_;
};
