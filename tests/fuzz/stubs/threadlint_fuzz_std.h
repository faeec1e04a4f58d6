// Stand-ins for the standard and POSIX declarations threadlint's vocabulary
// knows, for the engine fuzz target: the same qualified names and shapes,
// without the cost of parsing a real standard library on every execution.
// Written for threadlint; not a standard library.
#pragma once

using size_t = decltype(sizeof(0));
namespace std {
using size_t = ::size_t;
template <class T> struct remove_reference { using type = T; };
template <class T> struct remove_reference<T &> { using type = T; };
template <class T> struct remove_reference<T &&> { using type = T; };
template <class T> constexpr T &&forward(typename remove_reference<T>::type &t) noexcept {
  return static_cast<T &&>(t);
}
template <class T> constexpr typename remove_reference<T>::type &&move(T &&t) noexcept {
  return static_cast<typename remove_reference<T>::type &&>(t);
}
template <class T> struct less { bool operator()(const T &a, const T &b) const { return a < b; } };
template <class T> struct hash { size_t operator()(const T &) const { return 0; } };
template <class T> struct equal_to { bool operator()(const T &a, const T &b) const { return a == b; } };
template <class T> struct allocator { using value_type = T; };
template <class A, class B> struct pair { A first; B second; };

class string {
public:
  string() = default;
  string(const char *) {}
  const char *c_str() const { return ""; }
  size_t size() const { return 0; }
  bool operator<(const string &) const { return false; }
  bool operator==(const string &) const { return true; }
  string operator+(const string &) const { return {}; }
};
string to_string(int);
string to_string(long);
class string_view {
public:
  string_view() = default;
  string_view(const char *) {}
  bool operator<(const string_view &) const { return false; }
  bool operator==(const string_view &) const { return true; }
};

template <class T> class unique_ptr {
public:
  unique_ptr() = default;
  explicit unique_ptr(T *p) : p_(p) {}
  T *operator->() const { return p_; }
  T &operator*() const { return *p_; }
  T *get() const { return p_; }
private:
  T *p_ = nullptr;
};
template <class T> class shared_ptr {
public:
  shared_ptr() = default;
  explicit shared_ptr(T *p) : p_(p) {}
  T *operator->() const { return p_; }
  T &operator*() const { return *p_; }
private:
  T *p_ = nullptr;
};
template <class T, class... A> unique_ptr<T> make_unique(A &&...a) { return unique_ptr<T>(new T(forward<A>(a)...)); }
template <class T, class... A> shared_ptr<T> make_shared(A &&...a) { return shared_ptr<T>(new T(forward<A>(a)...)); }

template <class T> class function;
template <class R, class... A> class function<R(A...)> {
public:
  function() = default;
  template <class F> function(F f) { (void)f; }
  R operator()(A...) const;
};

namespace chrono {
template <class Rep, long N = 1> struct duration {
  duration() = default;
  constexpr duration(Rep r) : count_(r) {}
  Rep count_ = 0;
};
using nanoseconds = duration<long long, 1>;
using microseconds = duration<long long, 1000>;
using milliseconds = duration<long long, 1000000>;
using seconds = duration<long long, 1000000000>;
template <class Clock> struct time_point {};
struct steady_clock { static time_point<steady_clock> now(); };
struct system_clock { static time_point<system_clock> now(); };
template <class C> time_point<C> operator+(time_point<C>, milliseconds);
} // namespace chrono

class thread {
public:
  class id {};
  thread() noexcept = default;
  template <class F, class... A> explicit thread(F &&f, A &&...a) { (void)f; }
  thread(thread &&) noexcept = default;
  thread &operator=(thread &&) noexcept = default;
  ~thread();
  bool joinable() const noexcept;
  void join();
  void detach();
  id get_id() const noexcept;
  static unsigned hardware_concurrency() noexcept;
};
class stop_token { public: bool stop_requested() const noexcept; };
class jthread {
public:
  jthread() noexcept = default;
  template <class F, class... A> explicit jthread(F &&f, A &&...a) { (void)f; }
  jthread(jthread &&) noexcept = default;
  ~jthread();
  bool joinable() const noexcept;
  void join();
  void detach();
  bool request_stop() noexcept;
};
namespace this_thread {
template <class R, long N> void sleep_for(const chrono::duration<R, N> &);
template <class C> void sleep_until(const chrono::time_point<C> &);
void yield() noexcept;
} // namespace this_thread

class mutex { public: void lock(); bool try_lock(); void unlock(); };
class recursive_mutex { public: void lock(); bool try_lock(); void unlock(); };
class timed_mutex {
public:
  void lock(); bool try_lock(); void unlock();
  template <class R, long N> bool try_lock_for(const chrono::duration<R, N> &);
};
class shared_mutex {
public:
  void lock(); bool try_lock(); void unlock();
  void lock_shared(); bool try_lock_shared(); void unlock_shared();
};
struct defer_lock_t {};
struct adopt_lock_t {};
struct try_to_lock_t {};
inline constexpr defer_lock_t defer_lock{};
inline constexpr adopt_lock_t adopt_lock{};
inline constexpr try_to_lock_t try_to_lock{};
template <class M> class lock_guard {
public:
  explicit lock_guard(M &m) : m_(m) { m.lock(); }
  lock_guard(M &m, adopt_lock_t) : m_(m) {}
  ~lock_guard() { m_.unlock(); }
private:
  M &m_;
};
template <class... M> class scoped_lock {
public:
  explicit scoped_lock(M &...m);
  ~scoped_lock();
};
template <class M> class unique_lock {
public:
  unique_lock() = default;
  explicit unique_lock(M &m) : m_(&m) { m.lock(); }
  unique_lock(M &m, defer_lock_t) : m_(&m) {}
  unique_lock(M &m, adopt_lock_t) : m_(&m) {}
  unique_lock(M &m, try_to_lock_t) : m_(&m) {}
  ~unique_lock();
  void lock();
  void unlock();
  bool owns_lock() const;
private:
  M *m_ = nullptr;
};
template <class M> class shared_lock {
public:
  explicit shared_lock(M &m) : m_(&m) { m.lock_shared(); }
  ~shared_lock();
  void lock();
  void unlock();
private:
  M *m_ = nullptr;
};
enum class cv_status { no_timeout, timeout };
class condition_variable {
public:
  void notify_one() noexcept;
  void notify_all() noexcept;
  void wait(unique_lock<mutex> &);
  template <class P> void wait(unique_lock<mutex> &l, P p) { while (!p()) wait(l); }
  template <class R, long N> cv_status wait_for(unique_lock<mutex> &, const chrono::duration<R, N> &);
  template <class R, long N, class P> bool wait_for(unique_lock<mutex> &, const chrono::duration<R, N> &, P p) { return p(); }
  template <class C> cv_status wait_until(unique_lock<mutex> &, const chrono::time_point<C> &);
  template <class C, class P> bool wait_until(unique_lock<mutex> &, const chrono::time_point<C> &, P p) { return p(); }
};
class condition_variable_any {
public:
  void notify_one() noexcept;
  void notify_all() noexcept;
  template <class L> void wait(L &);
  template <class L, class P> void wait(L &l, P p) { while (!p()) wait(l); }
  template <class L, class R, long N> cv_status wait_for(L &, const chrono::duration<R, N> &);
};

template <class T> class atomic {
public:
  atomic() = default;
  constexpr atomic(T v) : v_(v) {}
  T load() const noexcept { return v_; }
  void store(T v) noexcept { v_ = v; }
  operator T() const noexcept { return v_; }
  T operator++() noexcept { return ++v_; }
  T operator++(int) noexcept { return v_++; }
  T fetch_add(T d) noexcept { T old = v_; v_ += d; return old; }
private:
  T v_{};
};

enum class future_status { ready, timeout, deferred };
enum class launch { async = 1, deferred = 2 };
template <class T> class shared_future;
template <class T> class future {
public:
  future() noexcept = default;
  future(future &&) noexcept = default;
  future &operator=(future &&) noexcept = default;
  ~future();
  T get();
  bool valid() const noexcept;
  void wait() const;
  template <class R, long N> future_status wait_for(const chrono::duration<R, N> &) const;
  template <class C> future_status wait_until(const chrono::time_point<C> &) const;
  shared_future<T> share() noexcept;
};
template <class T> class shared_future {
public:
  const T &get() const;
  void wait() const;
  template <class R, long N> future_status wait_for(const chrono::duration<R, N> &) const;
};
template <class T> class promise {
public:
  future<T> get_future();
  void set_value(T);
};
template <> class promise<void> {
public:
  future<void> get_future();
  void set_value();
};
template <class S> class packaged_task;
template <class R, class... A> class packaged_task<R(A...)> {
public:
  template <class F> explicit packaged_task(F &&f) { (void)f; }
  future<R> get_future();
  void operator()(A...);
};
template <class F, class... A> [[nodiscard]] future<int> async(F &&f, A &&...a) { (void)f; return {}; }
template <class F, class... A> [[nodiscard]] future<int> async(launch policy, F &&f, A &&...a) { (void)policy; (void)f; return {}; }

template <long N = 1> class counting_semaphore {
public:
  explicit counting_semaphore(long);
  void release(long = 1);
  void acquire();
  bool try_acquire() noexcept;
  template <class R, long M> bool try_acquire_for(const chrono::duration<R, M> &);
};
using binary_semaphore = counting_semaphore<1>;
class latch { public: explicit latch(long); void count_down(long = 1); void wait() const; };
template <class F = void> class barrier { public: explicit barrier(long); void arrive_and_wait(); };

template <class T, class A = allocator<T>> class vector {
public:
  vector() = default;
  explicit vector(size_t);
  void push_back(const T &);
  void push_back(T &&);
  template <class... X> T &emplace_back(X &&...);
  T &operator[](size_t);
  T *begin();
  T *end();
  size_t size() const;
  bool empty() const;
  void clear();
  void reserve(size_t);
};
template <class T, size_t N> struct array {
  T elements[N ? N : 1];
  T &operator[](size_t i) { return elements[i]; }
  T *begin() { return elements; }
  T *end() { return elements + N; }
  constexpr size_t size() const { return N; }
};
template <class T, class A = allocator<T>> class deque {
public:
  void push_back(const T &);
  void push_back(T &&);
  template <class... X> T &emplace_back(X &&...);
  void push_front(const T &);
  void pop_front();
  T &front();
  size_t size() const;
  bool empty() const;
};
template <class T, class A = allocator<T>> class list {
public:
  void push_back(const T &);
  void pop_front();
  size_t size() const;
  bool empty() const;
};
template <class T, class C = deque<T>> class queue {
public:
  void push(const T &);
  void push(T &&);
  template <class... X> void emplace(X &&...);
  void pop();
  T &front();
  size_t size() const;
  bool empty() const;
};

template <class K, class V, class C = less<K>, class A = allocator<pair<const K, V>>> class map {
public:
  using iterator = pair<const K, V> *;
  V &operator[](const K &);
  V &at(const K &);
  pair<iterator, bool> insert(const pair<const K, V> &);
  template <class... X> pair<iterator, bool> emplace(X &&...);
  template <class... X> pair<iterator, bool> try_emplace(const K &, X &&...);
  iterator find(const K &);
  iterator begin();
  iterator end();
  size_t erase(const K &);
  size_t count(const K &) const;
  void clear();
  size_t size() const;
};
template <class K, class V, class C = less<K>, class A = allocator<pair<const K, V>>>
class multimap : public map<K, V, C, A> {};
template <class K, class V, class H = hash<K>, class E = equal_to<K>,
          class A = allocator<pair<const K, V>>>
class unordered_map : public map<K, V> {};
template <class K, class C = less<K>, class A = allocator<K>> class set {
public:
  using iterator = const K *;
  pair<iterator, bool> insert(const K &);
  template <class... X> pair<iterator, bool> emplace(X &&...);
  size_t erase(const K &);
  size_t count(const K &) const;
  void clear();
};
template <class K, class H = hash<K>, class E = equal_to<K>, class A = allocator<K>>
class unordered_set : public set<K> {};

class exception { public: virtual ~exception(); virtual const char *what() const noexcept; };
class runtime_error : public exception { public: explicit runtime_error(const char *); };
} // namespace std

extern "C" {
typedef unsigned long pthread_t;
typedef struct { int opaque; } pthread_mutex_t;
typedef struct { int opaque; } pthread_rwlock_t;
typedef struct { int opaque; } pthread_attr_t;
typedef struct { int opaque; } sem_t;
int pthread_create(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
int pthread_join(pthread_t, void **);
int pthread_detach(pthread_t);
int pthread_mutex_lock(pthread_mutex_t *);
int pthread_mutex_unlock(pthread_mutex_t *);
int pthread_rwlock_rdlock(pthread_rwlock_t *);
int pthread_rwlock_wrlock(pthread_rwlock_t *);
int pthread_rwlock_unlock(pthread_rwlock_t *);
sem_t *sem_open(const char *, int, ...);
int sem_unlink(const char *);
int shm_open(const char *, int, unsigned);
int shm_unlink(const char *);
int mkfifo(const char *, unsigned);
int unlink(const char *);
unsigned sleep(unsigned);
int usleep(unsigned);
long read(int, void *, unsigned long);
long write(int, const void *, unsigned long);
int printf(const char *, ...);
}
