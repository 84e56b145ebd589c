#include "core/background_writer.hpp"

#include <string_view>
#include <utility>

namespace hs {

BackgroundWriter::BackgroundWriter(AtomicOutput& out) : out_(out), thread_([this] { run(); }) {}

BackgroundWriter::~BackgroundWriter() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void BackgroundWriter::run() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return busy_ || stopping_; });
    if (!busy_) return;  // stopping, nothing left to write
    lock.unlock();
    std::exception_ptr error;
    try {
      if (!error_) out_.write(std::string_view(pending_.data(), pending_len_));  // none after an error
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    if (error) error_ = error;
    busy_ = false;
    cv_.notify_all();
  }
}

void BackgroundWriter::wait_idle(std::unique_lock<std::mutex>& lock) {
  cv_.wait(lock, [this] { return !busy_; });
  if (error_) std::rethrow_exception(error_);
}

void BackgroundWriter::write(std::string& buf, std::size_t len) {
  std::unique_lock lock(mu_);
  wait_idle(lock);
  if (pending_.size() < buf.size()) pending_.resize(buf.size());
  pending_.swap(buf);
  pending_len_ = len;
  busy_ = true;
  cv_.notify_all();
}

void BackgroundWriter::finish() {
  std::unique_lock lock(mu_);
  wait_idle(lock);
}

}  // namespace hs
