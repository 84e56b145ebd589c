#pragma once
// Credit rows out of payout split, fast: a split of a large share log writes millions of rows,
// and a row through RecordWriter costs a vector of variant cells and a string per cell. For CSV
// and JSON Lines this writer formats straight into one large buffer (the block's columns once
// per block, the kind's once per kind, an account name copied whole when it needs no quoting or
// escaping, which a valid name never does, integers two digits at a time) and writes it in few
// large writes, on a thread of their own while the next rows are formatted; the bytes are
// RecordWriter's (tests/unit/ledger/credit_writer_test.cpp holds it to that). Tables (for
// people, held whole to align) go through RecordWriter itself, with CreditRecord's cells.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/background_writer.hpp"
#include "core/io.hpp"
#include "core/record.hpp"
#include "ledger/inputs.hpp"

namespace hs::ledger {

// One credit record (lib/records/payout.cpp), typed: cells() is the one place its columns are
// put in order.
struct CreditRecord {
  const Block* block = nullptr;  // null: no block (a split by compute units)
  std::string_view account;
  std::int64_t amount_sats = 0;
  std::string_view kind;
  std::string_view scheme;
  std::vector<hs::Cell> cells() const;
};

class CreditWriter {
 public:
  CreditWriter(hs::AtomicOutput& out, hs::Format format, std::string scheme);
  // The block of the rows that follow (nullptr: no block, as for a split by units).
  void block(const Block* b);
  void row(std::string_view account, std::int64_t amount_sats, std::string_view kind);
  void finish();

 private:
  void flush();

  hs::AtomicOutput& out_;
  hs::Format format_;
  std::string scheme_;
  std::unique_ptr<hs::RecordWriter> table_;  // table format only
  const Block* block_ = nullptr;
  std::string prefix_;  // the block's columns, formatted once per block; then 16 bytes of padding
  std::size_t prefix_len_ = 0;
  bool have_suffix_ = false;
  std::string suffix_kind_;  // the kind suffix_ is for
  std::string suffix_;  // the kind's columns and the line end; then 16 bytes of padding
  std::size_t suffix_len_ = 0;
  std::string buf_;  // rows not yet handed to writes_: [0, len_) of buf_.size() bytes
  std::size_t len_ = 0;
  std::unique_ptr<hs::BackgroundWriter> writes_;  // CSV and JSON Lines: written while the next rows are formatted
  std::string scratch_;  // an account that needs quoting or escaping
};

}  // namespace hs::ledger
