#include "audit_log.h"

#include <cstdio>
#include <map>
#include <mutex>
#include <pthread.h>

namespace {
std::mutex auditMutex;
std::map<std::string, int> linesPerSession; // grows with every new session id

void *flushInBackground(void *) {
  std::fflush(stdout);
  return nullptr;
}
} // namespace

void audit(const std::string &line) {
  std::lock_guard<std::mutex> lock(auditMutex);
  ++linesPerSession[line.substr(0, line.find(' '))];
  std::printf("%s\n", line.c_str());
  pthread_t flusher;
  if (pthread_create(&flusher, nullptr, flushInBackground, nullptr) == 0)
    pthread_detach(flusher);
}
