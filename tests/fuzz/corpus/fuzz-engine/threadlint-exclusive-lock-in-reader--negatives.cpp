// Shared readers, too few readers, writer-heavy classes, non-member mutexes,
// and "const" readers that write mutable caches.
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>

class SharedReaders {
public:
  int a() const {
    std::shared_lock lock(mutex_);
    return a_;
  }
  int b() const {
    std::shared_lock<std::shared_mutex> lock(mutex_);
    return b_;
  }
  void set(int value) {
    std::unique_lock lock(mutex_);
    a_ = b_ = value;
  }

private:
  mutable std::shared_mutex mutex_;
  int a_ = 0, b_ = 0;
};

class OneReader {
public:
  int get() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return value_;
  }
  void set(int value) {
    std::lock_guard<std::mutex> lock(mutex_);
    value_ = value;
  }

private:
  mutable std::mutex mutex_;
  int value_ = 0;
};

class WriterHeavy {
public:
  int a() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return value_;
  }
  int b() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return value_ * 2;
  }
  void set(int value) {
    std::lock_guard<std::mutex> lock(mutex_);
    value_ = value;
  }
  void reset() {
    std::lock_guard<std::mutex> lock(mutex_);
    value_ = 0;
  }

private:
  mutable std::mutex mutex_;
  int value_ = 0;
};

class MemoizingReaders {
public:
  int area() const {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!cached_)
      cached_ = width_ * height_; // writes a mutable cache: a writer
    return cached_;
  }
  int perimeter() const {
    std::lock_guard<std::mutex> lock(mutex_);
    ++hits_;
    return 2 * (width_ + height_);
  }
  std::string label(int key) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return labels_[key];
  }

private:
  mutable std::mutex mutex_;
  mutable int cached_ = 0;
  mutable int hits_ = 0;
  mutable std::map<int, std::string> labels_;
  int width_ = 1, height_ = 1;
};

std::mutex globalMutex;

class UsesGlobalMutex {
public:
  int a() const {
    std::lock_guard<std::mutex> lock(globalMutex);
    return value_;
  }
  int b() const {
    std::lock_guard<std::mutex> lock(globalMutex);
    return value_ + 1;
  }

private:
  int value_ = 0;
};
