// CONFIG: {CheckOptions: {MutexTypes: 'util::SpinLock', ExclusiveGuardTypes: 'util::SpinGuard', threadlint-blocking-under-lock.BlockingFunctions: 'net::fetch;::disk::flush'}}
#include <unistd.h>

namespace util {
class SpinLock {
public:
  void lock();
  void unlock();
};
class SpinGuard {
public:
  explicit SpinGuard(SpinLock &lock);
};
} // namespace util

namespace net {
int fetch(const char *url);
} // namespace net
namespace disk {
void flush();
} // namespace disk

util::SpinLock spin;
int cached = 0;

void configuredGuard() {
  util::SpinGuard guard(spin);
  cached = net::fetch("https://example.invalid"); // EXPECT: 17 threadlint-blocking-under-lock "'net::fetch' blocks while 'spin' is held"
  disk::flush(); // EXPECT: 9 threadlint-blocking-under-lock "'disk::flush'"
}

void configuredLockCalls() {
  spin.lock();
  cached = 2;
  ::sleep(1); // EXPECT: 5 threadlint-blocking-under-lock "'spin'"
  spin.unlock();
}
