// detach() on things that are not threads, and threads that are joined.
#include <thread>

struct Subscription {
  void detach() {}
};

namespace ui {
struct Widget {
  void detach(int) {}
};
} // namespace ui

template <typename Detachable> void release(Detachable &item) { item.detach(); }

void notThreads() {
  Subscription subscription;
  subscription.detach();
  ui::Widget widget;
  widget.detach(1);
  release(subscription);
}

void joined() {
  std::thread t([] {});
  t.join();
  std::jthread j([] {});
}

void namesDetachWithoutCallingIt() {
  auto member = &std::thread::detach;
  (void)member;
}
