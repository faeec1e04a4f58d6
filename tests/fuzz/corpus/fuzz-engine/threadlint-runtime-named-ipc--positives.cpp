// Kernel-persistent IPC objects named at run time and never unlinked.
#include "interprocess.h"

#include <fcntl.h>
#include <mqueue.h>
#include <semaphore.h>
#include <string>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

sem_t *workerSemaphore(int worker) {
  std::string name = "/worker-" + std::to_string(worker) + "-" + std::to_string(getpid());
  return sem_open(name.c_str(), O_CREAT | O_EXCL, 0600, 0); // EXPECT: 10 threadlint-runtime-named-ipc "'sem_open' creates a kernel-persistent object named at run time ('name.c_str()') and nothing in this translation unit calls sem_unlink"
}

int sessionMemory(const char *session) {
  return shm_open(session, O_RDWR | O_CREAT, 0600); // EXPECT: 10 threadlint-runtime-named-ipc "calls shm_unlink"
}

mqd_t inbox(const std::string &user) {
  const std::string path = "/inbox." + user;
  mq_attr attributes{};
  attributes.mq_maxmsg = 8;
  attributes.mq_msgsize = 256;
  return ::mq_open(path.data(), O_CREAT | O_RDWR, 0600, &attributes); // EXPECT: 12 threadlint-runtime-named-ipc "calls mq_unlink"
}

// Flags that cannot be read at compile time may create.
int withFlags(const char *name, int flags) {
  return shm_open(name, flags, 0600); // EXPECT: 10 threadlint-runtime-named-ipc
}

namespace ipc = boost::interprocess;

void boostObjects(const std::string &job) {
  ipc::named_mutex mutex(ipc::create_only, job.c_str()); // EXPECT: 20 threadlint-runtime-named-ipc "'boost::interprocess::named_mutex' creates a kernel-persistent object named at run time ('job.c_str()') and nothing in this translation unit calls boost::interprocess::named_mutex::remove"
  ipc::managed_shared_memory segment(ipc::open_or_create, job.c_str(), 65536); // EXPECT: 30 threadlint-runtime-named-ipc "calls boost::interprocess::shared_memory_object::remove"
  ipc::message_queue queue(ipc::create_only, (job + ".q").c_str(), 16, 128); // EXPECT: 22 threadlint-runtime-named-ipc "message_queue_t::remove"
}
