// POSIX mutexes and reader/writer locks.
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

pthread_mutex_t registryMutex = PTHREAD_MUTEX_INITIALIZER;
pthread_rwlock_t tableLock = PTHREAD_RWLOCK_INITIALIZER;
int registry = 0;

void posixMutex(int fd, char *buffer) {
  pthread_mutex_lock(&registryMutex);
  ++registry;
  ::recv(fd, buffer, 8, 0); // EXPECT: 5 threadlint-blocking-under-lock "'recv' blocks while 'registryMutex' is held"
  pthread_mutex_unlock(&registryMutex);
  ::recv(fd, buffer, 8, 0);
}

void posixReaderLock() {
  pthread_rwlock_rdlock(&tableLock);
  int value = registry;
  ::usleep(value); // EXPECT: 5 threadlint-blocking-under-lock "'tableLock'"
  pthread_rwlock_unlock(&tableLock);
}
