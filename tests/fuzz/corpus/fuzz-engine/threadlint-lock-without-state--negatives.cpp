// Mutexes next to the state they guard, lock wrappers, hidden global state.
#include <cstdlib>
#include <ctime>
#include <map>
#include <mutex>
#include <string>

class Counter {
public:
  void increment() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++count_;
  }

private:
  std::mutex mutex_;
  int count_ = 0;
};

class NeverLocked {
  std::mutex mutex_;
  const int value_ = 1;
};

class SpinWrapper {
public:
  void lock() { mutex_.lock(); }
  void unlock() { mutex_.unlock(); }
  bool try_lock() { return mutex_.try_lock(); }

private:
  std::mutex mutex_;
};

int requestsServed = 0;

class GuardsGlobals {
public:
  int serve() {
    std::lock_guard<std::mutex> lock(mutex_);
    return ++requestsServed;
  }

private:
  std::mutex mutex_;
  const int id_ = 0;
};

class GuardsStaticMember {
public:
  void record() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++instances_;
  }

private:
  std::mutex mutex_;
  static int instances_;
};

class GuardsLibcState {
public:
  std::string now() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::time_t t = std::time(nullptr);
    return std::asctime(std::localtime(&t));
  }
  int random() {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::rand();
  }

private:
  std::mutex mutex_;
};

namespace {
std::map<std::string, int> cache;
int lookupCached(const std::string &key) { return cache[key]; }
} // namespace

class GuardsStateThroughAHelper {
public:
  int lookup(const std::string &key) {
    std::lock_guard<std::mutex> lock(mutex_);
    return lookupCached(key);
  }

private:
  std::mutex mutex_;
};

class PointsAtMutableData {
public:
  void bump() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++*target_;
  }

private:
  std::mutex mutex_;
  int *target_ = nullptr;
};
