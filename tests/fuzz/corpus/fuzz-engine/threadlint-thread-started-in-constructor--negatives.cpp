// Threads started last in final or non-polymorphic classes, and threads
// that do not touch `this`.
#include <mutex>
#include <thread>

void background();

class DeclaredLast {
public:
  DeclaredLast() : count_(0), worker_([this] { run(); }) {}
  ~DeclaredLast() { worker_.join(); }

private:
  void run();
  std::mutex mutex_;
  int count_;
  std::thread worker_;
};

class FinalPolymorphic final {
public:
  FinalPolymorphic() : worker_([this] { tick(); }) {}
  virtual ~FinalPolymorphic() { worker_.join(); }

private:
  virtual void tick() {}
  std::thread worker_;
};

class StartsLastInBody {
public:
  StartsLastInBody() {
    port_ = 80;
    worker_ = std::thread([this] { serve(); });
  }

private:
  void serve();
  int port_ = 0;
  std::thread worker_;
};

class DoesNotCaptureThis {
public:
  DoesNotCaptureThis() : worker_(background), value_(1) {}

private:
  std::thread worker_;
  int value_;
};

class StartsLater {
public:
  StartsLater() = default;
  void start() { worker_ = std::thread([this] { run(); }); }

private:
  void run();
  std::thread worker_;
  int state_ = 0;
};
