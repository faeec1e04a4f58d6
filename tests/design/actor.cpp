// Actors: a thread serving a mailbox.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <queue>
#include <thread>

using Task = std::function<void()>;

// Bounded mailbox, callers give up after a deadline, the destructor joins.
class Dispatcher { // VERDICT: Dispatcher actor healthy
public:
  Dispatcher() : worker_([this] { serve(); }) {}
  ~Dispatcher() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    worker_.join();
  }
  bool post(Task task) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!room_.wait_for(lock, std::chrono::milliseconds(100),
                        [this] { return mailbox_.size() < Capacity; }))
      return false;
    mailbox_.push_back(std::move(task));
    wake_.notify_one();
    return true;
  }

private:
  static constexpr std::size_t Capacity = 64;
  void serve() {
    while (true) {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !mailbox_.empty(); });
      if (stopping_)
        return;
      Task task = std::move(mailbox_.front());
      mailbox_.pop_front();
      room_.notify_one();
      lock.unlock();
      task();
    }
  }
  std::mutex mutex_;
  std::condition_variable wake_, room_;
  std::deque<Task> mailbox_;
  bool stopping_ = false;
  std::thread worker_;
};

// A template actor reached through this->, whose mailbox only grows.
template <class Message> class Channel { // VERDICT: Channel actor needs-work
public:
  void start() { this->thread_ = std::thread(&Channel::drain, this); }
  void send(Message message) {
    std::lock_guard<std::mutex> lock(this->mutex_);
    this->queue_.push(std::move(message));
    this->ready_.notify_one();
  }
  ~Channel() { thread_.join(); }

private:
  void drain() {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [this] { return !queue_.empty(); });
  }
  std::mutex mutex_;
  std::condition_variable ready_;
  std::queue<Message> queue_;
  std::thread thread_;
};
template class Channel<int>;

// A bounded mailbox and a caller-facing awaitReply() that owes no deadline by
// the rules' definition (nothing handed over in it, no deadline ignored, not
// a destructor): the report does not ask for one either.
class Inbox { // VERDICT: Inbox actor healthy
public:
  Inbox() : worker_([this] { serve(); }) {}
  ~Inbox() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    worker_.join();
  }
  bool post(int message) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (mailbox_.size() >= 16)
      return false;
    mailbox_.push_back(message);
    wake_.notify_one();
    return true;
  }
  int awaitReply() {
    std::unique_lock<std::mutex> lock(mutex_);
    replied_.wait(lock, [this] { return hasReply_ || stopping_; });
    hasReply_ = false;
    return reply_;
  }

private:
  void serve() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
      wake_.wait(lock, [this] { return stopping_ || !mailbox_.empty(); });
      if (stopping_)
        return;
      reply_ = mailbox_.front() * 2;
      mailbox_.pop_front();
      hasReply_ = true;
      replied_.notify_one();
    }
  }
  std::mutex mutex_;
  std::condition_variable wake_, replied_;
  std::deque<int> mailbox_;
  int reply_ = 0;
  bool hasReply_ = false;
  bool stopping_ = false;
  std::thread worker_;
};
