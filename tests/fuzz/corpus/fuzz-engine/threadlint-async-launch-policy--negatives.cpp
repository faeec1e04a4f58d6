// An explicit policy other than the default is a decision, not an accident.
#include <future>

int compute() { return 42; }

void explicitPolicies(std::launch chosenAtRunTime) {
  auto a = std::async(std::launch::async, compute);
  auto b = std::async(std::launch::deferred, compute);
  auto c = std::async(chosenAtRunTime, compute);
  a.get(), b.get(), c.get();
}

template <typename Policy, typename Callable> auto startWith(Policy policy, Callable callable) {
  return std::async(policy, callable);
}

namespace mine {
template <typename F> int async(F f) { return f(); }
} // namespace mine

void elsewhere() {
  startWith(std::launch::async, compute).get();
  mine::async(compute);
}
