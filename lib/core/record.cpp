#include "core/record.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/parse.hpp"

namespace hs {

std::optional<Format> parse_format(std::string_view name) {
  if (name == "csv") return Format::csv;
  if (name == "jsonl") return Format::jsonl;
  if (name == "table") return Format::table;
  return std::nullopt;
}

std::string_view to_string(Format f) {
  switch (f) {
    case Format::csv: return "csv";
    case Format::jsonl: return "jsonl";
    case Format::table: return "table";
  }
  return "?";
}

// ---------------------------------------------------------------- Record

double Record::number(std::size_t f) const { return parse_double(values[f], loc, spec->fields[f].name); }
std::int64_t Record::integer(std::size_t f) const { return parse_int64(values[f], loc, spec->fields[f].name); }
bool Record::boolean(std::size_t f) const { return parse_bool(values[f], loc, spec->fields[f].name); }
UtcTime Record::time(std::size_t f) const { return parse_iso8601(values[f], loc, spec->fields[f].name); }
std::optional<double> Record::optional_number(std::size_t f) const {
  if (trim(values[f]).empty()) return std::nullopt;
  return number(f);
}

// ---------------------------------------------------------------- RecordReader

namespace {
constexpr std::size_t chunk_size = 1 << 16;

[[noreturn]] void throw_empty(const std::string& name) {
  throw_data_error({name, 0}, {}, "empty input: expected a CSV header line or JSON Lines records");
}
}  // namespace

RecordReader::RecordReader(const std::string& path, const RecordSpec& spec, std::optional<Format> format, bool empty_ok)
    : in_(path), spec_(spec), extra_names_(std::make_shared<std::vector<std::string>>()) {
  column_of_field_.assign(spec_.fields.size(), -1);
  // Read until the first non-blank byte to tell CSV from JSON Lines.
  std::string prefix;
  std::size_t first = std::string::npos;
  while (first == std::string::npos) {
    std::size_t old = prefix.size();
    prefix.resize(old + chunk_size);
    std::size_t got = in_.read(prefix.data() + old, chunk_size);
    prefix.resize(old + got);
    std::size_t skip = prefix.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    first = prefix.find_first_not_of(" \t\r\n", skip);
    if (got == 0) break;
  }
  if (first == std::string::npos) {
    if (!empty_ok) throw_empty(in_.display_name());
    format_ = Format::jsonl;  // no records at all: next() finds none
    eof_ = true;
    return;
  }
  format_ = format.value_or(prefix[first] == '{' ? Format::jsonl : Format::csv);
  if (format_ == Format::table) throw_usage("table format is for output only");
  if (format_ == Format::jsonl) {
    pending_ = std::move(prefix);
    if (pending_.compare(0, 3, "\xEF\xBB\xBF") == 0) pending_.erase(0, 3);
    return;
  }
  csv_ = std::make_unique<CsvReader>(in_, std::move(prefix));
  read_csv_header();
}

RecordReader::~RecordReader() = default;

void RecordReader::read_csv_header() {
  std::vector<std::string> header;
  if (!csv_->next(header)) throw_empty(in_.display_name());
  header_size_ = header.size();
  field_of_column_.assign(header.size(), -1);
  for (std::size_t c = 0; c < header.size(); ++c) {
    for (std::size_t d = 0; d < c; ++d)
      if (header[d] == header[c])
        throw_data_error({in_.display_name(), csv_->line()}, header[c], "column appears twice in the header");
    auto f = spec_.index_of(header[c]);
    if (f == RecordSpec::npos) {
      extra_names_->push_back(header[c]);
    } else {
      column_of_field_[f] = static_cast<int>(c);
      field_of_column_[c] = static_cast<int>(f);
    }
  }
  for (std::size_t f = 0; f < spec_.fields.size(); ++f) {
    if (spec_.fields[f].required && column_of_field_[f] < 0) {
      std::string seen;
      for (const auto& h : header) seen += (seen.empty() ? "" : ", ") + h;
      throw_data_error({in_.display_name(), csv_->line()}, {},
                       "missing column '" + spec_.fields[f].name + "' required for " + spec_.name +
                           " records (header has: " + seen + ")");
    }
  }
}

bool RecordReader::next(Record& rec) { return format_ == Format::csv ? next_csv(rec) : next_jsonl(rec); }

bool RecordReader::next_csv(Record& rec) {
  if (!csv_->next(row_)) return false;
  Location loc{in_.display_name(), csv_->line()};
  if (row_.size() != header_size_) {
    throw_data_error(loc, {},
                     "expected " + std::to_string(header_size_) + " fields as in the header, got " +
                         std::to_string(row_.size()) + (row_.size() < header_size_ ? " (truncated line?)" : ""));
  }
  rec.spec = &spec_;
  rec.loc = std::move(loc);
  rec.values.resize(spec_.fields.size());
  for (std::size_t f = 0; f < spec_.fields.size(); ++f) {
    int c = column_of_field_[f];
    if (c < 0) rec.values[f].clear();
    else rec.values[f].swap(row_[static_cast<std::size_t>(c)]);
  }
  rec.extra_values.clear();
  rec.extra_is_json.clear();
  for (std::size_t c = 0; c < row_.size(); ++c)
    if (field_of_column_[c] < 0) {
      rec.extra_values.push_back(std::move(row_[c]));
      rec.extra_is_json.push_back(false);
    }
  rec.extra_names = extra_names_;
  return true;
}

bool RecordReader::next_jsonl(Record& rec) {
  std::string line;
  for (;;) {
    std::size_t nl = pending_.find('\n');
    while (nl == std::string::npos && !eof_) {
      std::size_t old = pending_.size();
      pending_.resize(old + chunk_size);
      std::size_t got = in_.read(pending_.data() + old, chunk_size);
      pending_.resize(old + got);
      if (got == 0) eof_ = true;
      nl = pending_.find('\n', old);
    }
    if (nl == std::string::npos) {
      if (pending_.empty()) return false;
      line = std::move(pending_);
      pending_.clear();
    } else {
      line.assign(pending_, 0, nl);
      pending_.erase(0, nl + 1);
    }
    ++line_;
    if (trim(line).empty()) continue;  // blank lines between records are allowed
    break;
  }
  Location loc{in_.display_name(), line_};
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(line);
  } catch (const nlohmann::json::exception& e) {  // parse_error, and out_of_range for 1e999
    throw_data_error(loc, {}, std::string("expected a JSON object (") + e.what() + ")" +
                                  (pending_.empty() && eof_ ? " (truncated last line?)" : ""));
  }
  if (!j.is_object()) throw_expected(loc, {}, "a JSON object", line);
  rec.spec = &spec_;
  rec.loc = loc;
  rec.values.assign(spec_.fields.size(), std::string());
  std::vector<bool> seen(spec_.fields.size(), false);
  auto names = std::make_shared<std::vector<std::string>>();
  rec.extra_values.clear();
  rec.extra_is_json.clear();
  for (auto it = j.begin(); it != j.end(); ++it) {
    const auto& v = it.value();
    std::string text;
    bool is_json = false;
    if (v.is_string()) text = v.get<std::string>();
    else if (v.is_null()) text.clear();
    else {
      if (v.is_object() || v.is_array())
        throw_expected(loc, it.key(), "a string, number, boolean or null", v.dump());
      text = v.dump();
      is_json = true;
    }
    auto f = spec_.index_of(it.key());
    if (f == RecordSpec::npos) {
      names->push_back(it.key());
      rec.extra_values.push_back(std::move(text));
      rec.extra_is_json.push_back(is_json);
    } else {
      rec.values[f] = std::move(text);
      seen[f] = true;
    }
  }
  for (std::size_t f = 0; f < spec_.fields.size(); ++f) {
    if (seen[f]) column_of_field_[f] = static_cast<int>(f);
    if (spec_.fields[f].required && !seen[f])
      throw_data_error(loc, {}, "missing field '" + spec_.fields[f].name + "' required for " + spec_.name + " records");
  }
  if (*names != *extra_names_) extra_names_ = names;  // keep sharing when the keys repeat
  rec.extra_names = extra_names_;
  return true;
}

// ---------------------------------------------------------------- RecordWriter

std::string cell_text(const Cell& c) {
  struct Visitor {
    std::string operator()(std::monostate) const { return {}; }
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const { return format_double(d); }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(UtcTime t) const { return format_iso8601_utc(t); }
    std::string operator()(Fixed f) const { return format_fixed(f.value, f.decimals); }
  };
  return std::visit(Visitor{}, c);
}

namespace {

// Bytes that make a CSV field need quotes, as a table (payout writes millions of fields).
struct CsvSpecial {
  bool is[256] = {};
  constexpr CsvSpecial() {
    for (unsigned char c : {',', '"', '\r', '\n'}) is[c] = true;
  }
};
constexpr CsvSpecial csv_special;

}  // namespace

void append_csv_field(std::string& out, std::string_view s) {
  bool quote = !s.empty() && (s.front() == ' ' || s.back() == ' ');
  for (std::size_t i = 0; i < s.size() && !quote; ++i) quote = csv_special.is[static_cast<unsigned char>(s[i])];
  if (!quote) {
    out += s;
    return;
  }
  out += '"';
  for (char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
}

void append_json_string(std::string& out, std::string_view s) {
  bool plain = true;  // printable ASCII without quote or backslash: written as is
  for (unsigned char c : s)
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
      plain = false;
      break;
    }
  if (plain) {
    out += '"';
    out += s;
    out += '"';
    return;
  }
  out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

namespace {

// "1234567.5" -> "1,234,567.5": the integer part in groups of three.
std::string group_thousands(std::string s) {
  const std::size_t start = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  std::size_t end = s.find_first_not_of("0123456789", start);
  if (end == std::string::npos) end = s.size();
  for (std::size_t p = end; p > start + 3; p -= 3) s.insert(p - 3, 1, ',');
  return s;
}

// A cell as a person reads it in --format table (CSV and JSON Lines keep every digit): money and
// other fixed-point figures with their decimals and thousands grouped; integer satoshis grouped;
// a measured double with six significant digits (19.143600000000003 -> 19.1436), or from 100,000
// up as a grouped whole number, and in exponent form only when very large or small.
std::string table_text(const Cell& c, const std::string& field) {
  if (const auto* f = std::get_if<Fixed>(&c)) return group_thousands(format_fixed(f->value, f->decimals));
  if (const auto* i = std::get_if<std::int64_t>(&c)) {
    const bool sats = field.size() > 5 && field.compare(field.size() - 5, 5, "_sats") == 0;
    return sats ? group_thousands(std::to_string(*i)) : std::to_string(*i);
  }
  if (const auto* d = std::get_if<double>(&c)) {
    const double a = std::fabs(*d);
    if (*d == 0 || !std::isfinite(*d) || a >= 1e15 || a < 1e-4) return format_double(*d);
    if (a >= 1e5) return group_thousands(format_fixed(std::round(*d), 0));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", *d);
    return group_thousands(buf);
  }
  return cell_text(c);
}

bool is_numeric_cell(const Cell& c) {
  return std::holds_alternative<std::int64_t>(c) || std::holds_alternative<double>(c) ||
         std::holds_alternative<Fixed>(c);
}

}  // namespace

RecordWriter::RecordWriter(AtomicOutput& out, const RecordSpec& spec, Format format,
                           std::vector<std::string> extra_names)
    : out_(out), spec_(spec), format_(format), names_(spec.field_names()) {
  names_.insert(names_.end(), extra_names.begin(), extra_names.end());
  numeric_.assign(names_.size(), false);
  for (std::size_t i = 0; i < spec_.fields.size(); ++i)
    numeric_[i] = spec_.fields[i].type == FieldType::number || spec_.fields[i].type == FieldType::integer;
}

RecordWriter::~RecordWriter() = default;

void RecordWriter::write_header() {
  header_done_ = true;
  if (format_ == Format::csv) {
    for (std::size_t i = 0; i < names_.size(); ++i) {
      if (i) buf_ += ',';
      append_csv_field(buf_, names_[i]);
    }
    buf_ += '\n';
  } else if (format_ == Format::table) {
    table_.push_back(names_);
  }
}

void RecordWriter::write(const std::vector<Cell>& cells, const std::vector<std::string>* extras,
                         const std::vector<bool>* extras_are_json) {
  if (cells.size() != spec_.fields.size())
    throw Error(exit_code::software, "record '" + spec_.name + "' written with " + std::to_string(cells.size()) +
                                         " cells, expected " + std::to_string(spec_.fields.size()));
  if (!header_done_) write_header();
  std::size_t n_extra = names_.size() - cells.size();
  auto extra_at = [&](std::size_t i) -> std::string_view {
    return extras && i < extras->size() ? std::string_view((*extras)[i]) : std::string_view();
  };
  switch (format_) {
    case Format::csv:
      for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i) buf_ += ',';
        append_csv_field(buf_, cell_text(cells[i]));
      }
      for (std::size_t i = 0; i < n_extra; ++i) {
        buf_ += ',';
        append_csv_field(buf_, extra_at(i));
      }
      buf_ += '\n';
      break;
    case Format::jsonl: {
      buf_ += '{';
      bool first = true;
      auto key = [&](const std::string& name) {
        if (!first) buf_ += ',';
        first = false;
        append_json_string(buf_, name);
        buf_ += ':';
      };
      for (std::size_t i = 0; i < cells.size(); ++i) {
        const Cell& c = cells[i];
        if (std::holds_alternative<std::monostate>(c)) {
          key(names_[i]);
          buf_ += "null";
        } else if (std::holds_alternative<std::string>(c) || std::holds_alternative<UtcTime>(c)) {
          key(names_[i]);
          append_json_string(buf_, cell_text(c));
        } else {
          key(names_[i]);
          buf_ += cell_text(c);
        }
      }
      for (std::size_t i = 0; i < n_extra; ++i) {
        key(names_[cells.size() + i]);
        bool raw = extras_are_json && i < extras_are_json->size() && (*extras_are_json)[i];
        if (raw) buf_ += extra_at(i);
        else append_json_string(buf_, extra_at(i));
      }
      buf_ += "}\n";
      break;
    }
    case Format::table: {
      std::vector<std::string> row;
      row.reserve(names_.size());
      for (std::size_t i = 0; i < cells.size(); ++i) {
        row.push_back(table_text(cells[i], names_[i]));
        if (rows_ == 0) numeric_[i] = is_numeric_cell(cells[i]) || numeric_[i];
      }
      for (std::size_t i = 0; i < n_extra; ++i) row.emplace_back(extra_at(i));
      table_.push_back(std::move(row));
      break;
    }
  }
  ++rows_;
  flush_buffer(false);
}

void RecordWriter::flush_buffer(bool force) {
  if (buf_.size() >= (1 << 16) || (force && !buf_.empty())) {
    out_.write(buf_);
    buf_.clear();
  }
}

void RecordWriter::finish() {
  if (finished_) return;
  finished_ = true;
  if (!header_done_ && format_ != Format::jsonl) write_header();
  if (format_ == Format::table) {
    // Tables are for people: the whole output is held to align the columns.
    std::vector<std::size_t> width(names_.size(), 0);
    for (const auto& row : table_)
      for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
    for (std::size_t r = 0; r < table_.size(); ++r) {
      std::string line;
      for (std::size_t i = 0; i < table_[r].size(); ++i) {
        const std::string& s = table_[r][i];
        std::size_t pad = width[i] - s.size();
        bool right = numeric_[i];
        if (i) line += "  ";
        if (right) line.append(pad, ' ');
        line += s;
        if (!right && i + 1 < table_[r].size()) line.append(pad, ' ');
      }
      buf_ += line;
      buf_ += '\n';
      if (r == 0) {
        std::size_t total = 0;
        for (std::size_t i = 0; i < width.size(); ++i) total += width[i] + (i ? 2 : 0);
        buf_.append(total, '-');
        buf_ += '\n';
      }
      flush_buffer(false);
    }
    table_.clear();
  }
  flush_buffer(true);
}

}  // namespace hs
