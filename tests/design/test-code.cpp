// Test code is not the design under review: a GoogleTest fixture class that
// owns a thread and a mutex gets no verdict, as the rules marked (production
// code) stay quiet in it. The production class beside it still gets one.
#include <gtest/gtest.h>

#include <mutex>
#include <thread>

class Counter { // VERDICT: Counter guarded-state healthy
public:
  void add() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++count_;
  }

private:
  std::mutex mutex_;
  int count_ = 0;
};

class CounterTest : public ::testing::Test {
protected:
  void SetUp() override { worker_ = std::thread([this] { counter_.add(); }); }
  void TearDown() override { worker_.join(); }

  std::mutex mutex_;
  Counter counter_;
  std::thread worker_;
};

TEST_F(CounterTest, Adds) { counter_.add(); }
