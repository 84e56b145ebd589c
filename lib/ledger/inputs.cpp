#include "ledger/inputs.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <set>

#include "core/io.hpp"
#include "core/parse.hpp"
#include "core/record_spec.hpp"

namespace hs::ledger {

bool valid_account_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (unsigned char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
              c == '.' || c == '@' || c == '+';
    if (!ok) return false;
  }
  return true;
}

std::string_view account_of(std::string_view name, const Location& loc, std::string_view field) {
  if (!valid_account_name(name))
    throw_expected(loc, field, "an account name of 1 to 64 letters, digits or _-.@+ (no delimiters or control characters)",
                   name);
  auto dot = name.find('.');
  auto acct = name.substr(0, dot);
  if (acct.empty()) throw_expected(loc, field, "an account name before the worker suffix", name);
  return acct;
}

std::uint32_t AccountTable::id(std::string_view name) {
  auto it = ids_.find(name);
  if (it != ids_.end()) return it->second;
  auto id = static_cast<std::uint32_t>(names_.size());
  names_.emplace_back(name);
  ids_.emplace(names_.back(), id);
  return id;
}

std::string_view to_string(BlockStatus s) {
  switch (s) {
    case BlockStatus::immature: return "immature";
    case BlockStatus::confirmed: return "confirmed";
    case BlockStatus::orphaned: return "orphaned";
  }
  return "?";
}

namespace {

// "YYYY-MM-DDTHH:MM:SSZ" without the general parser (the share log's hot path);
// anything else goes through hs::parse_iso8601.
std::int64_t parse_time(std::string_view t, const Location& loc, std::string_view field) {
  auto num = [&](std::size_t pos, std::size_t len, int& out) {
    auto r = std::from_chars(t.data() + pos, t.data() + pos + len, out);
    return r.ec == std::errc() && r.ptr == t.data() + pos + len;
  };
  int y, mo, d, h, mi, s;
  if (t.size() == 20 && t[4] == '-' && t[7] == '-' && t[10] == 'T' && t[13] == ':' && t[16] == ':' && t[19] == 'Z' &&
      num(0, 4, y) && num(5, 2, mo) && num(8, 2, d) && num(11, 2, h) && num(14, 2, mi) && num(17, 2, s) && mo >= 1 &&
      mo <= 12 && d >= 1 && d <= 31 && h < 24 && mi < 60 && s < 60) {
    // days_from_civil (H. Hinnant's algorithm); day-of-month past the month's end is left
    // to the general parser to refuse.
    static constexpr int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (d <= mdays[mo - 1] && !(mo == 2 && d == 29)) {
      int yy = y - (mo <= 2);
      int era = (yy >= 0 ? yy : yy - 399) / 400;
      int yoe = yy - era * 400;
      int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
      int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
      std::int64_t days = static_cast<std::int64_t>(era) * 146097 + doe - 719468;
      return days * 86400 + h * 3600 + mi * 60 + s;
    }
  }
  return parse_iso8601(t, loc, field).time_since_epoch().count();
}

u128 parse_positive(std::string_view text, const Location& loc, std::string_view field) {
  auto v = parse_scaled(text);
  if (!v) {
    auto t = trim(text);
    if (!t.empty() && t.front() == '-' && try_parse_double(t))
      throw_data_error(loc, field, "must be positive, got " + quote_for_message(text));
    throw_expected(loc, field, "a positive decimal number", text);
  }
  if (*v == 0)
    throw_data_error(loc, field,
                     "must be positive (at least 0.00000001), got " + quote_for_message(text));
  return *v;
}

// Splits one CSV line (no embedded newlines: none of our fields may hold one) into fields,
// honouring quotes and doubled quotes.
bool split_csv_line(std::string_view line, std::vector<std::string_view>& out, std::string& scratch) {
  out.clear();
  if (line.find('"') == std::string_view::npos) {
    std::size_t start = 0;
    for (;;) {
      auto c = line.find(',', start);
      if (c == std::string_view::npos) {
        out.push_back(line.substr(start));
        return true;
      }
      out.push_back(line.substr(start, c - start));
      start = c + 1;
    }
  }
  // Slow path: quoted fields, unquoted into scratch (reserved so views stay valid).
  scratch.clear();
  scratch.reserve(line.size());
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  std::size_t i = 0;
  for (;;) {
    std::size_t begin = scratch.size();
    if (i < line.size() && line[i] == '"') {
      ++i;
      for (;;) {
        if (i >= line.size()) return false;  // unterminated quote
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            scratch += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        scratch += line[i++];
      }
      if (i < line.size() && line[i] != ',') return false;
    } else {
      while (i < line.size() && line[i] != ',') scratch += line[i++];
    }
    spans.emplace_back(begin, scratch.size() - begin);
    if (i >= line.size()) break;
    ++i;  // comma
  }
  for (auto [b, n] : spans) out.push_back(std::string_view(scratch).substr(b, n));
  return true;
}

}  // namespace

struct ShareReader::Impl {
  AccountTable& accounts;
  bool contributions;
  std::string value_field;
  Location loc;
  std::int64_t last_time = INT64_MIN;
  // CSV
  std::unique_ptr<InputFile> in;
  std::string buf;
  std::size_t pos = 0;
  bool eof = false;
  std::size_t ncols = 0;
  int col_time = -1, col_account = -1, col_value = -1;
  std::vector<std::string_view> fields;
  std::string scratch;
  // JSON Lines
  std::unique_ptr<RecordReader> jsonl;
  Record rec;

  Impl(AccountTable& a, bool c) : accounts(a), contributions(c), value_field(c ? "units" : "share_difficulty") {}

  // Next line of the CSV input into `line`; false at the end.
  bool next_line(std::string_view& line) {
    for (;;) {
      auto nl = buf.find('\n', pos);
      if (nl == std::string::npos && !eof) {
        buf.erase(0, pos);
        pos = 0;
        std::size_t old = buf.size();
        buf.resize(old + (1 << 20));
        std::size_t got = in->read(buf.data() + old, 1 << 20);
        buf.resize(old + got);
        if (got == 0) eof = true;
        continue;
      }
      if (nl == std::string::npos) {
        if (pos >= buf.size()) return false;
        nl = buf.size();
      }
      line = std::string_view(buf).substr(pos, nl - pos);
      pos = nl + 1;
      ++loc.line;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      return true;
    }
  }
};

ShareReader::ShareReader(const std::string& path, AccountTable& accounts, bool contributions)
    : impl_(std::make_unique<Impl>(accounts, contributions)) {
  auto& m = *impl_;
  m.in = std::make_unique<InputFile>(path);
  m.loc.file = m.in->display_name();
  // Peek at the first non-blank byte: '{' is JSON Lines, read through the general reader.
  std::string_view header;
  for (;;) {
    std::size_t old = m.buf.size();
    m.buf.resize(old + 4096);
    std::size_t got = m.in->read(m.buf.data() + old, 4096);
    m.buf.resize(old + got);
    if (m.buf.compare(0, 3, "\xEF\xBB\xBF") == 0) m.pos = 3;
    auto first = m.buf.find_first_not_of(" \t\r\n", m.pos);
    if (first != std::string::npos && m.buf[first] == '{') {
      m.in.reset();  // reopen through the general reader (stdin cannot be reopened)
      if (path == "-" || path.empty())
        throw Error(exit_code::usage, "JSON Lines shares on stdin: give a file, or use CSV on stdin");
      m.jsonl = std::make_unique<RecordReader>(path, record_spec(contributions ? "contribution" : "share"));
      return;
    }
    if (first != std::string::npos && m.buf.find('\n', first) != std::string::npos) break;
    if (got == 0) break;
  }
  if (!m.next_line(header) || trim(header).empty())
    throw_data_error({m.loc.file, 0}, {}, "empty input: expected a CSV header line or JSON Lines records");
  std::string hdr_scratch;
  if (!split_csv_line(header, m.fields, hdr_scratch)) throw_data_error(m.loc, {}, "malformed CSV header");
  m.ncols = m.fields.size();
  for (std::size_t c = 0; c < m.fields.size(); ++c) {
    auto name = trim(m.fields[c]);
    if (name == "time") m.col_time = static_cast<int>(c);
    else if (name == "account") m.col_account = static_cast<int>(c);
    else if (name == m.value_field) m.col_value = static_cast<int>(c);
  }
  for (auto [col, name] : {std::pair{m.col_time, "time"}, {m.col_account, "account"}, {m.col_value, m.value_field.c_str()}})
    if (col < 0)
      throw_data_error(m.loc, {},
                       std::string("missing column '") + name + "' required for " +
                           (contributions ? "contribution" : "share") + " records");
}

ShareReader::~ShareReader() = default;

bool ShareReader::next(Share& s) {
  auto& m = *impl_;
  std::string_view t, a, v;
  if (m.jsonl) {
    if (!m.jsonl->next(m.rec)) return false;
    m.loc = m.rec.loc;
    t = m.rec.text(0), a = m.rec.text(1), v = m.rec.text(2);
  } else {
    std::string_view line;
    do {
      if (!m.next_line(line)) return false;
    } while (line.empty());
    if (!split_csv_line(line, m.fields, m.scratch)) throw_data_error(m.loc, {}, "malformed CSV quoting");
    if (m.fields.size() != m.ncols)
      throw_data_error(m.loc, {},
                       "expected " + std::to_string(m.ncols) + " fields as in the header, got " +
                           std::to_string(m.fields.size()));
    t = m.fields[static_cast<std::size_t>(m.col_time)];
    a = m.fields[static_cast<std::size_t>(m.col_account)];
    v = m.fields[static_cast<std::size_t>(m.col_value)];
  }
  s.time = parse_time(t, m.loc, "time");
  if (s.time < m.last_time)
    throw_data_error(m.loc, "time",
                     "out of time order: " + quote_for_message(t) + " is before the previous record's time (" +
                         format_iso8601_utc(UtcTime(std::chrono::seconds(m.last_time))) + ")");
  m.last_time = s.time;
  s.account = m.accounts.id(account_of(a, m.loc, "account"));
  s.difficulty = parse_positive(v, m.loc, m.value_field);
  ++count_;
  return true;
}

std::vector<Block> read_blocks(const std::string& path) {
  const auto& spec = record_spec("block");
  RecordReader reader(path, spec);
  const auto f_height = spec.at("height"), f_time = spec.at("time"), f_hash = spec.at("block_hash"),
             f_sub = spec.at("subsidy_sats"), f_fees = spec.at("fees_sats"), f_diff = spec.at("network_difficulty"),
             f_status = spec.at("status"), f_finder = spec.at("finder");
  std::vector<Block> out;
  std::set<std::string> hashes;
  Record rec;
  while (reader.next(rec)) {
    Block b;
    b.loc = rec.loc;
    b.height = rec.integer(f_height);
    if (b.height < 0) throw_data_error(rec.loc, "height", "must not be negative");
    b.time = rec.time(f_time).time_since_epoch().count();
    b.hash = std::string(trim(rec.text(f_hash)));
    bool hex = b.hash.size() == 64 && std::all_of(b.hash.begin(), b.hash.end(), [](char c) {
                 return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
               });
    if (!hex) throw_expected(rec.loc, "block_hash", "64 hexadecimal digits", rec.text(f_hash));
    std::transform(b.hash.begin(), b.hash.end(), b.hash.begin(), [](char c) { return static_cast<char>(std::tolower(c)); });
    if (!hashes.insert(b.hash).second) throw_data_error(rec.loc, "block_hash", "block appears twice: " + b.hash);
    b.subsidy_sats = rec.integer(f_sub);
    if (b.subsidy_sats < 0) throw_data_error(rec.loc, "subsidy_sats", "must not be negative, got " + quote_for_message(rec.text(f_sub)));
    b.fees_sats = rec.integer(f_fees);
    if (b.fees_sats < 0) throw_data_error(rec.loc, "fees_sats", "must not be negative, got " + quote_for_message(rec.text(f_fees)));
    if (b.subsidy_sats > 2'100'000'000'000'000 - b.fees_sats)
      throw_data_error(rec.loc, "subsidy_sats", "subsidy plus fees exceed 21 million bitcoin");
    b.network_difficulty = parse_positive(rec.text(f_diff), rec.loc, "network_difficulty");
    auto st = trim(rec.text(f_status));
    if (st == "immature") b.status = BlockStatus::immature;
    else if (st == "confirmed") b.status = BlockStatus::confirmed;
    else if (st == "orphaned") b.status = BlockStatus::orphaned;
    else throw_expected(rec.loc, "status", "immature, confirmed or orphaned", st);
    if (rec.has(f_finder)) b.finder = std::string(account_of(trim(rec.text(f_finder)), rec.loc, "finder"));
    out.push_back(std::move(b));
  }
  std::stable_sort(out.begin(), out.end(), [](const Block& x, const Block& y) {
    return x.time != y.time ? x.time < y.time : x.height < y.height;
  });
  return out;
}

}  // namespace hs::ledger
