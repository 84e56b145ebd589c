#pragma once
// A block's rows, split from its parties and handed to the caller's sink on a thread of their
// own (the row thread) while the reading thread goes on with the next block's shares.
//
// Why: on a large share log the rows cost about as much as the window. A split of the 100 M
// share bench writes 10 M rows: a 128-bit division per party, the largest-remainder pick,
// then the sink formats and writes each row. The thread that reads the shares and slides the
// window cannot be split up, so on a machine with cores to spare it sets the pace, and every
// row it formats is time it does not spend on the next shares. bench/payout.sh has the figures.
//
// The reading thread fills a RowJob per block (the parties as account ids and weights, in name
// order) and hands it over; the row thread names the parties, splits and calls the sink, one
// block at a time and in block order. A few jobs are in flight at most (their vectors are
// reused), so memory does not grow with the log.
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "ledger/exact.hpp"
#include "ledger/inputs.hpp"
#include "ledger/schemes.hpp"

namespace hs::ledger::detail {

// What one block's rows are made of.
struct RowJob {
  const Block* block = nullptr;
  std::vector<std::uint32_t> ids;  // the parties' account ids, in ascending name order
  std::vector<u128> weights;       // and their weights
  std::string_view named;          // SOLO: a party by name alone (the block's finder); ids empty
  bool split = true;               // false: no split, only the pool's remainder (PPS owing nothing)
  std::int64_t amount = 0;         // the satoshis split
  u128 unassigned = 0;             // the :unassigned party's weight (see split_with_fee)
  std::int64_t pool_remainder = 0; // PPS/FPPS: the pool's row after the split's; 0: none
  std::vector<std::string> new_names;  // the accounts first seen since the job before, by id

  void party(std::uint32_t id, u128 weight) {
    ids.push_back(id);
    weights.push_back(weight);
  }
};

class RowThread {
 public:
  // `accounts` is read only by the calling thread (in submit); `emit` is called on the row
  // thread, never twice at once, and must outlive this object.
  RowThread(const AccountTable& accounts, std::uint32_t fee_bps, const RowSink& emit);
  // Waits for the jobs handed over (their rows are emitted), then for the thread. An error the
  // row thread met then is dropped: fail() or finish() report it.
  ~RowThread();
  RowThread(const RowThread&) = delete;
  RowThread& operator=(const RowThread&) = delete;

  // The next job to fill, emptied; waits while every job is in flight. Throws the row thread's
  // error, if it met one: its block came before, so it is reported first.
  RowJob& job();
  // Hands over the job job() returned.
  void submit();
  // Waits until every job handed over is done; throws the row thread's error, if any.
  void finish();
  // For the caller's own error: waits for the jobs handed over, then throws the row thread's
  // error if it met one (it came first), else `caller`.
  [[noreturn]] void fail(std::exception_ptr caller);

 private:
  static constexpr std::size_t slots = 3;  // one filled, one split, one spare
  void run();
  void stop();  // no more jobs: the thread ends after those handed over
  [[noreturn]] void throw_error();

  const AccountTable& accounts_;
  std::size_t named_ = 0;  // accounts whose names were handed over
  std::uint32_t fee_bps_;
  const RowSink& emit_;
  RowJob jobs_[slots];  // job n in jobs_[n % slots]
  std::mutex mu_;
  std::condition_variable to_rows_, to_reader_;
  std::uint64_t submitted_ = 0, done_ = 0;
  bool stopping_ = false;
  std::exception_ptr error_;  // the row thread's; it ended then
  std::thread thread_;
};

}  // namespace hs::ledger::detail
