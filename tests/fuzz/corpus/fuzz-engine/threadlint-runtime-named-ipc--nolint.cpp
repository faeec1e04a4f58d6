#include <fcntl.h>
#include <semaphore.h>
#include <string>

sem_t *open(const std::string &name) {
  sem_open(name.c_str(), O_CREAT, 0600, 0); // NOLINT(threadlint-runtime-named-ipc)
  return sem_open(name.c_str(), O_CREAT, 0600, 0); // NOLINT(threadlint-unbounded-queue) // EXPECT: 10 threadlint-runtime-named-ipc
}
