#pragma once
// The CSV share log scanned in parallel: worker threads each take the next chunk of whole lines
// from the input (in turn, under a lock, so the input may be a pipe), find every line's fields
// and parse its time, account field and difficulty; the consumer takes the chunks back in input
// order. bench/payout.sh has the figures.
//
// What a worker cannot take the plain way (quotes, a wrong field count, a name or number the
// fast parsers refuse) it marks `slow`, so the consumer takes that line through the general
// parsers, in line order, with their messages. No worker ever throws: a read error travels in
// the chunk after the lines read before it.
//
// Account fields ("account.worker", as written) get a key from the worker that met them, in
// order of first appearance (a key per worker: the workers share nothing while they scan). A
// chunk lists the fields its worker met for the first time in it, so the consumer, taking chunks
// in order, always learns a key before the lines that use it.
//
// A chunk whose lines are all plain and in time order is marked `ordered`: the consumer may
// then take its shares in bulk (ShareReader::run_until), checking only its first line's time
// against the share before it.
#include <algorithm>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/io.hpp"
#include "ledger/exact.hpp"

namespace hs::ledger {

// The share log's columns, from its header.
struct ShareLayout {
  std::size_t ncols = 0;
  int col_time = -1, col_account = -1, col_value = -1;
};

// One physical line of the input.
struct ScannedLine {
  enum Kind : std::uint32_t { fast, slow, blank };
  u128 difficulty = 0;    // fast: the difficulty (or units), scaled by 10^8
  std::int64_t time = 0;  // fast: seconds since the epoch; slow: the line's offset in the chunk
  std::uint32_t key = 0;  // fast: the account field's key (ScanChunk::worker's); slow: the line's length
  Kind kind = blank;
};

// A chunk's lines: a vector the scanner fills a batch at a time, without a check per line.
class ScannedLines {
 public:
  const ScannedLine* begin() const { return p_.get(); }
  const ScannedLine* end() const { return p_.get() + size_; }
  const ScannedLine* data() const { return p_.get(); }
  const ScannedLine& operator[](std::size_t i) const { return p_[i]; }
  std::size_t size() const { return size_; }
  void clear() { size_ = 0; }
  // Room for k more lines past size(), to be written and then added by commit(k).
  ScannedLine* room(std::size_t k) {
    if (cap_ - size_ < k) {
      const std::size_t cap = std::max(2 * cap_, size_ + k);
      auto p = std::make_unique<ScannedLine[]>(cap);
      std::copy(begin(), end(), p.get());
      p_ = std::move(p);
      cap_ = cap;
    }
    return p_.get() + size_;
  }
  void commit(std::size_t k) { size_ += k; }

 private:
  std::unique_ptr<ScannedLine[]> p_;
  std::size_t size_ = 0, cap_ = 0;
};

struct ScanChunk {
  std::unique_ptr<char[]> bytes;  // whole lines, then slack
  std::size_t cap = 0, size = 0;
  ScannedLines lines;  // one per line, blank ones included
  unsigned worker = 0;
  bool ordered = false;  // every line fast, none with a time before the line above it
  std::vector<std::string> new_fields;  // fields this worker met first here, in key order
  std::exception_ptr error;             // a read error after these lines
  bool last = false;                    // no chunk follows
  bool unterminated = false;            // last, and its last line has no newline (a cut file)
  std::string_view line_text(const ScannedLine& l) const {
    return {bytes.get() + l.time, static_cast<std::size_t>(l.key)};
  }
};

class ShareScanner {
 public:
  // Reads `in` from where it stands; `carry` holds bytes already read past the header.
  // workers: 0 = one per CPU (at most 4).
  ShareScanner(std::unique_ptr<InputFile> in, std::string carry, ShareLayout layout, unsigned workers = 0);
  ~ShareScanner();  // stops the workers; one waiting in a read of a slow pipe is left to end alone
  ShareScanner(const ShareScanner&) = delete;
  ShareScanner& operator=(const ShareScanner&) = delete;

  // The next chunk in input order (the previous one is handed back); nullptr after the last.
  // A read error is thrown after the chunk that holds the lines before it.
  const ScanChunk* next();
  unsigned workers() const;

 private:
  struct State;
  std::shared_ptr<State> state_;  // shared with the workers
  bool started_ = false, ended_ = false;
};

}  // namespace hs::ledger
