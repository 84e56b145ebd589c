#pragma once
// Reading and writing pipe records. One reader and one writer serve every tool:
//  - input is CSV with a header row or JSON Lines, detected from the first bytes;
//  - columns are matched by name; required ones must exist, unknown ones pass through;
//  - output is CSV (default), JSON Lines, or an aligned table for people.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/csv_reader.hpp"
#include "core/io.hpp"
#include "core/record_spec.hpp"
#include "core/time.hpp"

namespace hs {

enum class Format { csv, jsonl, table };
std::optional<Format> parse_format(std::string_view name);
std::string_view to_string(Format f);

// One input record: values of the spec's fields (text as read), plus pass-through columns.
class Record {
 public:
  const RecordSpec* spec = nullptr;
  Location loc;
  std::vector<std::string> values;  // one per spec field; "" when absent or null
  std::vector<std::string> extra_values;
  std::shared_ptr<const std::vector<std::string>> extra_names;
  std::vector<bool> extra_is_json;  // value is a JSON literal (number, bool) from JSON Lines

  bool has(std::size_t field) const { return !values[field].empty(); }
  std::string_view text(std::size_t field) const { return values[field]; }
  // Typed access; a bad value is Error(65) naming file, line and field.
  double number(std::size_t field) const;
  std::int64_t integer(std::size_t field) const;
  bool boolean(std::size_t field) const;
  UtcTime time(std::size_t field) const;
  std::optional<double> optional_number(std::size_t field) const;
};

class RecordReader {
 public:
  // Reads records of `spec` from `path` ("-" is stdin). Format is detected unless given.
  // empty_ok: an input of no bytes (or only blanks) is no records, not an error (allocate now
  // reads what a failed fetch left: nothing).
  RecordReader(const std::string& path, const RecordSpec& spec, std::optional<Format> format = {},
               bool empty_ok = false);
  ~RecordReader();
  bool next(Record& rec);
  Format format() const { return format_; }
  const std::string& display_name() const { return in_.display_name(); }
  // Names of input columns that are not fields of the spec, in input order (CSV input).
  const std::vector<std::string>& extra_names() const { return *extra_names_; }
  // Whether the input had a column for the field (optional fields may be missing).
  bool has_column(std::size_t field) const { return column_of_field_[field] >= 0; }

 private:
  void read_csv_header();
  bool next_csv(Record& rec);
  bool next_jsonl(Record& rec);

  InputFile in_;
  const RecordSpec& spec_;
  Format format_ = Format::csv;
  std::unique_ptr<CsvReader> csv_;
  std::vector<std::string> row_;
  std::vector<int> column_of_field_;   // input column per spec field, -1 when absent
  std::vector<int> field_of_column_;   // spec field per input column, -1 = extra
  std::shared_ptr<std::vector<std::string>> extra_names_;
  std::size_t header_size_ = 0;
  // JSON Lines state
  std::string pending_;  // bytes read but not yet consumed
  bool eof_ = false;
  std::uint64_t line_ = 0;
};

// A value to write. Fixed prints a number with a set count of decimals.
struct Fixed {
  double value;
  int decimals;
};
using Cell = std::variant<std::monostate, std::string, std::int64_t, double, bool, UtcTime, Fixed>;

class RecordWriter {
 public:
  RecordWriter(AtomicOutput& out, const RecordSpec& spec, Format format,
               std::vector<std::string> extra_names = {});
  ~RecordWriter();
  // cells: one per spec field, in order; extras: values for extra_names (or nullptr).
  void write(const std::vector<Cell>& cells, const std::vector<std::string>* extras = nullptr,
             const std::vector<bool>* extras_are_json = nullptr);
  // Writes the header if no row came, flushes the table. Call before out.commit().
  void finish();
  std::uint64_t rows() const { return rows_; }

 private:
  void write_header();
  void flush_buffer(bool force);

  AtomicOutput& out_;
  const RecordSpec& spec_;
  Format format_;
  std::vector<std::string> names_;
  bool header_done_ = false;
  bool finished_ = false;
  std::uint64_t rows_ = 0;
  std::string buf_;
  std::vector<std::vector<std::string>> table_;  // table format buffers to align columns
  std::vector<bool> numeric_;                   // table: right-align numeric columns
};

// Text of a cell as CSV and tables show it ("" for empty).
std::string cell_text(const Cell& c);

// One field as RecordWriter writes it: CSV quoted when it holds a delimiter, quote or line end,
// or starts or ends with a space (quotes doubled); a JSON string with nlohmann's escapes.
void append_csv_field(std::string& out, std::string_view s);
void append_json_string(std::string& out, std::string_view s);

}  // namespace hs
