#pragma once
// Streaming RFC 4180 CSV reader over libcsv: quoted fields with commas, quotes and newlines,
// CRLF or LF line ends, a UTF-8 byte-order mark, and the 1-based line on which each row
// starts (for error messages). Memory stays constant: input is fed a line at a time and at
// most one chunk of rows is held.
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/io.hpp"

struct csv_parser;

namespace hs {

class CsvReader {
 public:
  // Reads from `in`; bytes already consumed for format detection may be handed back in `prefix`.
  explicit CsvReader(InputFile& in, std::string prefix = {}, char delimiter = ',');
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Next row into `fields`; false at end of input. Malformed quoting: Error(65) naming the line.
  bool next(std::vector<std::string>& fields);
  // Line on which the row last returned by next() starts.
  std::uint64_t line() const { return row_line_; }
  const std::string& display_name() const { return in_.display_name(); }

  // libcsv callbacks (public for the C trampolines only).
  void on_field(const char* data, std::size_t len);
  void on_row_end();

 private:
  bool fill();  // parses more input; false once the input is exhausted and flushed

  struct Row {
    std::vector<std::string> fields;
    std::uint64_t line;
  };
  InputFile& in_;
  std::unique_ptr<csv_parser> parser_;
  std::string buf_;
  std::size_t buf_pos_ = 0;
  bool eof_ = false;
  bool finished_ = false;
  bool bom_checked_ = false;
  std::uint64_t feeding_line_ = 1;  // line being fed to the parser
  std::vector<std::string> current_;
  std::uint64_t current_line_ = 0;
  std::deque<Row> ready_;
  std::vector<std::vector<std::string>> spare_;  // recycled field vectors
  std::uint64_t row_line_ = 0;
};

}  // namespace hs
