#pragma once
// Whole buffers written to an AtomicOutput on a thread of its own, one at a time and in order,
// so that the caller formats the next buffer while the last one is written: a pipe's reader may
// be slow, and a write into a full pipe waits for it. payout split writes a gigabyte of rows
// this way (bench/payout.sh).
#include <condition_variable>
#include <exception>
#include <mutex>
#include <string>
#include <thread>

#include "core/io.hpp"

namespace hs {

class BackgroundWriter {
 public:
  explicit BackgroundWriter(AtomicOutput& out);
  // Waits for the write in flight. An error it raised then is dropped: the caller is unwinding
  // from an error of its own, or finish() has already reported it.
  ~BackgroundWriter();
  BackgroundWriter(const BackgroundWriter&) = delete;
  BackgroundWriter& operator=(const BackgroundWriter&) = delete;

  // Hands buf[0, len) over to be written and gives back in buf a buffer of the same size to fill
  // next (the one written before). Waits for that earlier write first; its error is thrown here.
  void write(std::string& buf, std::size_t len);
  // Waits for the last write; its error is thrown here.
  void finish();

 private:
  void run();
  void wait_idle(std::unique_lock<std::mutex>& lock);

  AtomicOutput& out_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::string pending_;  // the buffer being written, or waiting to be
  std::size_t pending_len_ = 0;
  bool busy_ = false, stopping_ = false;
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace hs
