// Every way a standard thread gets detached is reported at the `detach` token.
#include <pthread.h>
#include <thread>
#include <vector>

using Worker = std::thread;
typedef std::jthread JoiningWorker;

void work() {}

void detachesLocal() {
  std::thread t(work);
  t.detach(); // EXPECT: 5 threadlint-detached-thread "detaching thread 't'"
}

void detachesThroughAlias() {
  Worker w(work);
  w.detach(); // EXPECT: 5 threadlint-detached-thread "thread 'w'"
  JoiningWorker j(work);
  j.detach(); // EXPECT: 5 threadlint-detached-thread "thread 'j'"
}

void detachesAutoAndTemporary() {
  auto t = std::thread([] {});
  t.detach(); // EXPECT: 5 threadlint-detached-thread
  std::thread(work).detach(); // EXPECT: 21 threadlint-detached-thread "detaching the thread "
}

void detachesThroughPointerAndReference(std::thread *pointer, std::thread &reference) {
  pointer->detach(); // EXPECT: 12 threadlint-detached-thread "thread 'pointer'"
  reference.detach(); // EXPECT: 13 threadlint-detached-thread "thread 'reference'"
}

void detachesContainerElements(std::vector<std::thread> &pool) {
  pool[0].detach(); // EXPECT: 11 threadlint-detached-thread "thread 'pool[...]'"
  for (auto &thread : pool)
    thread.detach(); // EXPECT: 12 threadlint-detached-thread
}

class Service {
public:
  void start() {
    worker_ = std::thread(work);
    this->worker_.detach(); // EXPECT: 19 threadlint-detached-thread "thread 'this->worker_'"
    worker_.detach(); // EXPECT: 13 threadlint-detached-thread "thread 'worker_'"
  }

private:
  std::thread worker_;
};

class NamedThread : public std::thread {
public:
  using std::thread::thread;
};

void detachesDerived() {
  NamedThread named(work);
  named.detach(); // EXPECT: 9 threadlint-detached-thread
}

template <typename ThreadType> void detachAny(ThreadType &thread) {
  thread.detach(); // EXPECT: 10 threadlint-detached-thread
}

void instantiatesTwice(std::thread &a, std::thread &b) {
  detachAny(a);
  detachAny(b);
}

void *routine(void *) { return nullptr; }

void detachesPosix() {
  pthread_t handle;
  pthread_create(&handle, nullptr, routine, nullptr);
  pthread_detach(handle); // EXPECT: 3 threadlint-detached-thread "pthread_detach"
  ::pthread_detach(pthread_self()); // EXPECT: 5 threadlint-detached-thread "pthread_detach"
}
