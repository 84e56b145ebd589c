#include "core/csv_reader.hpp"

#include <csv.h>

#include <algorithm>
#include <cstring>

#include "core/error.hpp"

namespace hs {
namespace {

void field_cb(void* data, std::size_t len, void* self) {
  static_cast<CsvReader*>(self)->on_field(static_cast<const char*>(data), data ? len : 0);
}
void row_cb(int, void* self) { static_cast<CsvReader*>(self)->on_row_end(); }

constexpr std::size_t chunk_size = 1 << 16;

}  // namespace

CsvReader::CsvReader(InputFile& in, std::string prefix, char delimiter)
    : in_(in), parser_(std::make_unique<csv_parser>()), buf_(std::move(prefix)) {
  if (csv_init(parser_.get(), CSV_STRICT | CSV_STRICT_FINI) != 0)
    throw Error(exit_code::software, "cannot initialise the CSV parser");
  csv_set_delim(parser_.get(), static_cast<unsigned char>(delimiter));
  if (buf_.size() >= 3) {
    bom_checked_ = true;
    if (buf_.compare(0, 3, "\xEF\xBB\xBF") == 0) buf_pos_ = 3;
  }
}

CsvReader::~CsvReader() { csv_free(parser_.get()); }

void CsvReader::on_field(const char* data, std::size_t len) {
  if (current_.empty()) {
    // The field ends on the line being fed; its own newlines tell how far back it began.
    current_line_ = feeding_line_ - static_cast<std::uint64_t>(std::count(data, data + len, '\n'));
  }
  current_.emplace_back(data, len);
}

void CsvReader::on_row_end() {
  std::vector<std::string> next;
  if (!spare_.empty()) {
    next = std::move(spare_.back());
    spare_.pop_back();
    next.clear();
  }
  ready_.push_back(Row{std::move(current_), current_line_});
  current_ = std::move(next);
}

bool CsvReader::fill() {
  while (ready_.empty()) {
    if (finished_) return false;
    // Refill the buffer when no complete line is left in it.
    const char* start = buf_.data() + buf_pos_;
    std::size_t avail = buf_.size() - buf_pos_;
    const char* nl = static_cast<const char*>(std::memchr(start, '\n', avail));
    if (!nl && !eof_) {
      buf_.erase(0, buf_pos_);
      buf_pos_ = 0;
      std::size_t old = buf_.size();
      buf_.resize(old + chunk_size);
      std::size_t got = in_.read(buf_.data() + old, chunk_size);
      buf_.resize(old + got);
      if (got == 0) eof_ = true;
      if (!bom_checked_ && (buf_.size() >= 3 || eof_)) {
        bom_checked_ = true;
        if (buf_.compare(0, 3, "\xEF\xBB\xBF") == 0) buf_pos_ = 3;
      }
      continue;
    }
    std::size_t len = nl ? static_cast<std::size_t>(nl - start) + 1 : avail;
    if (len > 0 && csv_parse(parser_.get(), start, len, field_cb, row_cb, this) != len) {
      throw_data_error({in_.display_name(), feeding_line_}, {},
                       std::string("malformed CSV (") + csv_strerror(csv_error(parser_.get())) +
                           "): a quote inside an unquoted field, or text after a closing quote");
    }
    buf_pos_ += len;
    if (nl) {
      ++feeding_line_;
    } else {  // end of input: flush the last row, which may lack its newline
      if (csv_fini(parser_.get(), field_cb, row_cb, this) != 0) {
        throw_data_error({in_.display_name(), current_line_ ? current_line_ : feeding_line_}, {},
                         "truncated CSV: a quoted field is not closed before the end of input");
      }
      finished_ = true;
    }
  }
  return true;
}

bool CsvReader::next(std::vector<std::string>& fields) {
  if (ready_.empty() && !fill()) return false;
  Row& r = ready_.front();
  spare_.push_back(std::move(fields));
  fields = std::move(r.fields);
  row_line_ = r.line;
  ready_.pop_front();
  return true;
}

}  // namespace hs
