// Fixed names, unlinked names, and opening without creating.
#include "interprocess.h"

#include <fcntl.h>
#include <semaphore.h>
#include <string>
#include <sys/mman.h>

constexpr const char *SemaphoreName = "/app-ready";
const char *const SegmentName = "/app-segment";

sem_t *ready() { return sem_open(SemaphoreName, O_CREAT, 0600, 0); }
int segment() { return shm_open(SegmentName, O_CREAT | O_RDWR, 0600); }
int literal() { return shm_open("/app-literal", O_CREAT | O_RDWR, 0600); }

// Opening an object someone else created creates nothing.
sem_t *attach(const std::string &name) { return sem_open(name.c_str(), 0); }
int attachMemory(const char *name) { return shm_open(name, O_RDONLY, 0); }

// Created at run time, and unlinked in this translation unit.
sem_t *scratch(const std::string &name) {
  sem_t *semaphore = sem_open(name.c_str(), O_CREAT, 0600, 1);
  sem_unlink(name.c_str());
  return semaphore;
}

namespace ipc = boost::interprocess;

void boostFixed() {
  ipc::named_mutex mutex(ipc::create_only, "app-mutex");
  ipc::named_mutex opened(ipc::open_only, std::string("x").c_str());
}

void boostRemoved(const std::string &job) {
  ipc::named_semaphore semaphore(ipc::create_only, job.c_str(), 0);
  ipc::named_semaphore::remove(job.c_str());
  ipc::remove_shared_memory_on_destroy cleanup(job.c_str());
  ipc::managed_shared_memory segment(ipc::open_or_create, job.c_str(), 4096);
}
