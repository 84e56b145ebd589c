#include "ledger/inputs.hpp"

#include <algorithm>
#include <charconv>
#include <exception>
#include <cstring>
#include <nlohmann/json.hpp>
#include <map>
#include <set>

#include "core/io.hpp"
#include "core/parse.hpp"
#include "core/record_spec.hpp"
#include "ledger/share_fields.hpp"
#include "ledger/share_scan.hpp"

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

namespace {
// A name's hash over its first 64 bytes, read as zero-padded little-endian 8-byte words (the
// last word padded), mixed a word at a time; the length is in the seed. Reads only the name's
// own bytes.
std::uint32_t name_hash(std::string_view s) noexcept {
  const std::size_t len = std::min<std::size_t>(s.size(), 64);
  std::uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
  auto mix = [&h](std::uint64_t w) {
    h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  };
  std::size_t i = 0;
  for (; i + 8 <= len; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    mix(w);
  }
  if (i < len) {
    std::uint64_t w = 0;
    std::memcpy(&w, s.data() + i, len - i);
    mix(w);
  }
  h *= 0x94D049BB133111EBull;
  return static_cast<std::uint32_t>(h ^ (h >> 32));
}

// A name of up to 24 bytes as the zero-padded words a slot keeps.
struct InlineKey {
  std::uint64_t w[3] = {};
  explicit InlineKey(std::string_view s) { std::memcpy(w, s.data(), std::min(s.size(), sizeof w)); }
};
}  // namespace

namespace {
std::uint32_t tag_of(std::uint32_t hash, std::size_t len) {
  return (hash & ~0xFFu) | static_cast<std::uint32_t>(std::min<std::size_t>(len, 255));
}
}  // namespace

void AccountTable::grow() {
  std::vector<Slot> slots(slots_.empty() ? 1024 : slots_.size() * 2);
  const std::size_t mask = slots.size() - 1;
  for (const auto& slot : slots_) {
    if (slot.id1 == 0) continue;
    const std::string& name = names_[slot.id1 - 1];
    std::size_t i = name_hash(name) & mask;
    while (slots[i].id1 != 0) i = (i + 1) & mask;
    slots[i] = slot;
  }
  slots_.swap(slots);
}

std::uint32_t AccountTable::id(std::string_view name) {
  const std::uint32_t h = name_hash(name);
  if ((names_.size() + 1) * 2 > slots_.size()) grow();
  const InlineKey k(name);
  const std::uint32_t tag = tag_of(h, name.size());
  const bool inline_key = name.size() <= sizeof(Slot::key);
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = h & mask;
  for (; slots_[i].id1 != 0; i = (i + 1) & mask) {
    const Slot& sl = slots_[i];
    if (sl.tag != tag) continue;
    if (inline_key ? (sl.key[0] == k.w[0] && sl.key[1] == k.w[1] && sl.key[2] == k.w[2]) : names_[sl.id1 - 1] == name)
      return sl.id1 - 1;
  }
  auto id = static_cast<std::uint32_t>(names_.size());
  names_.emplace_back(name);
  Slot& sl = slots_[i];
  sl.tag = tag;
  sl.id1 = id + 1;
  if (inline_key) std::memcpy(sl.key, k.w, sizeof sl.key);
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

std::int64_t parse_time(std::string_view t, const Location& loc, std::string_view field) {
  std::int64_t v;
  if (detail::fast_time(t, v)) return v;
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

// The account of a share's account field (same result and errors as account_of): one pass
// that validates and finds the worker dot.
inline std::string_view account_fast(std::string_view name, const Location& loc, std::string_view field) {
  if (name.empty() || name.size() > 64) return account_of(name, loc, field);
  std::size_t dot = std::string_view::npos;
  for (std::size_t i = 0; i < name.size(); ++i) {
    auto c = static_cast<unsigned char>(name[i]);
    if (!detail::name_bytes.ok[c]) return account_of(name, loc, field);  // throws
    if (c == '.' && dot == std::string_view::npos) dot = i;
  }
  if (dot == 0) return account_of(name, loc, field);  // throws
  return name.substr(0, dot);
}

inline u128 parse_difficulty(std::string_view v, const Location& loc, std::string_view field) {
  u128 out;
  if (detail::fast_difficulty(v, out)) return out;
  return parse_positive(v, loc, field);
}

// JSON Lines values as RecordReader gives them: strings as is, null as empty, other scalars
// as their JSON text.
std::string json_field_text(const nlohmann::json& v, const Location& loc, const std::string& key) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return {};
  if (v.is_object() || v.is_array()) throw_expected(loc, key, "a string, number, boolean or null", v.dump());
  return v.dump();
}

}  // namespace

struct ShareReader::Impl {
  static constexpr std::size_t chunk = 1 << 16;  // header and JSON Lines reads
  AccountTable& accounts;
  bool contributions;
  std::string value_field;
  Location loc;
  std::int64_t last_time = INT64_MIN;
  // The last time field's text and value: shares of one second repeat it.
  char last_text[32] = {};
  std::size_t last_len = 0;
  std::int64_t last_value = 0;

  std::unique_ptr<InputFile> in;  // until the scanner takes it
  std::unique_ptr<char[]> buf;    // bytes [pos, end) not yet consumed
  std::size_t cap = 0, pos = 0, end = 0;
  bool eof = false;
  // CSV: the lines after the header are split and parsed by ShareScanner's workers; this thread
  // takes them in order, checks the time order, maps account fields to accounts and runs the
  // scheme.
  ShareLayout layout;
  std::vector<std::string_view> fields;
  std::string scratch;
  std::unique_ptr<ShareScanner> scanner;
  const ScanChunk* cur = nullptr;
  std::size_t cur_i = 0;
  std::uint64_t chunk_first_line = 0;  // line number of the line before cur's first
  // By worker, by field key: the account id (ScanChunk::new_fields lists the new keys).
  std::vector<std::vector<std::uint32_t>> field_account;
  // JSON Lines
  bool jsonl = false;
  std::string json_text[3];

  Impl(AccountTable& a, bool c) : accounts(a), contributions(c), value_field(c ? "units" : "share_difficulty") {}

  // A share log's last line without its newline is one its writer has not finished (or a file
  // cut mid-write): "frank@node,51" may have been "...,512". Credits are permanent, so the
  // run is refused rather than credit a guess.
  [[noreturn]] static void unterminated(const Location& at) {
    throw_data_error(at, {},
                     "the last line has no newline: the log was cut or its writer has not finished the line; "
                     "nothing credited (wait for the line, or end the file with a newline if it is whole)");
  }

  // Reads more input after the unconsumed bytes; false at the end of input.
  bool fill() {
    if (eof) return false;
    if (pos > 0) {
      std::memmove(buf.get(), buf.get() + pos, end - pos);
      end -= pos;
      pos = 0;
    }
    if (end == cap) {  // a line longer than the buffer: grow it
      std::size_t ncap = cap ? cap * 2 : chunk;
      auto nbuf = std::make_unique<char[]>(ncap);
      if (end) std::memcpy(nbuf.get(), buf.get(), end);
      buf = std::move(nbuf);
      cap = ncap;
    }
    std::size_t got = in->read(buf.get() + end, cap - end);
    if (got == 0) eof = true;
    end += got;
    return got > 0;
  }

  // Next line into `line` (without "\n" or "\r\n"); false at the end.
  bool next_line(std::string_view& line) {
    for (;;) {
      const char* b = buf.get() + pos;
      auto* nl = static_cast<const char*>(std::memchr(b, '\n', end - pos));
      std::size_t len;
      if (nl) {
        len = static_cast<std::size_t>(nl - b);
        pos += len + 1;
      } else {
        if (fill()) continue;
        if (pos >= end) return false;
        ++loc.line;
        unterminated(loc);
      }
      line = std::string_view(b, len);
      ++loc.line;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      return true;
    }
  }

  // CSV fields of a line into `fields`; one pass for lines without quotes.
  void split(std::string_view line) {
    fields.clear();
    const char* p = line.data();
    const char* e = p + line.size();
    const char* start = p;
    for (; p < e; ++p) {
      if (*p == ',') {
        fields.emplace_back(start, static_cast<std::size_t>(p - start));
        start = p + 1;
      } else if (*p == '"') {
        if (!split_csv_line(line, fields, scratch)) throw_data_error(loc, {}, "malformed CSV quoting");
        return;
      }
    }
    fields.emplace_back(start, static_cast<std::size_t>(e - start));
  }

  // Makes cur a chunk with lines left to take; false at the end. A read error is thrown here,
  // after the lines read before it.
  bool advance() {
    while (!cur || cur_i == cur->lines.size()) {
      if (cur) {
        if (cur->error) std::rethrow_exception(cur->error);
        chunk_first_line += cur->lines.size();
      }
      cur = scanner->next();
      if (cur && cur->unterminated) {
        Location at = loc;
        at.line = chunk_first_line + cur->lines.size();
        unterminated(at);
      }
      cur_i = 0;
      if (!cur) return false;
      // The scanner took only valid account fields (share_fields.hpp), so this never throws.
      auto& keys = field_account[cur->worker];
      for (const auto& f : cur->new_fields) keys.push_back(accounts.id(account_of(f, loc, "account")));
    }
    return true;
  }

  // A share through the general parsers, with their messages (loc names its line).
  void general(std::string_view t, std::string_view a, std::string_view v, Share& s) {
    time_in_order(t, s);
    s.account = accounts.id(account_fast(a, loc, "account"));
    s.difficulty = parse_difficulty(v, loc, value_field);
  }

  std::int64_t time_of(std::string_view t) {
    if (t.size() == last_len && std::memcmp(t.data(), last_text, last_len) == 0) return last_value;
    std::int64_t v = parse_time(t, loc, "time");
    if (t.size() <= sizeof last_text) {
      std::memcpy(last_text, t.data(), t.size());
      last_len = t.size();
      last_value = v;
    }
    return v;
  }

  void time_in_order(std::string_view t, Share& s) {
    s.time = time_of(t);
    if (s.time < last_time)
      throw_data_error(loc, "time",
                       "out of time order: " + quote_for_message(t) + " is before the previous record's time (" +
                           format_iso8601_utc(UtcTime(std::chrono::seconds(last_time))) + ")");
    last_time = s.time;
  }

  // Fields of the next JSON Lines record into json_text; false at the end.
  bool next_json() {
    std::string_view line;
    do {
      if (!next_line(line)) return false;
    } while (trim(line).empty());
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {  // parse_error, and out_of_range for 1e999
      throw_data_error(loc, {}, std::string("expected a JSON object (") + e.what() + ")" +
                                    (pos >= end && eof ? " (truncated last line?)" : ""));
    }
    if (!j.is_object()) throw_expected(loc, {}, "a JSON object", line);
    const std::string names[3] = {"time", "account", value_field};
    for (int f = 0; f < 3; ++f) {
      auto it = j.find(names[f]);
      if (it == j.end())
        throw_data_error(loc, {},
                         "missing field '" + names[f] + "' required for " +
                             (contributions ? "contribution" : "share") + " records");
      json_text[f] = json_field_text(*it, loc, names[f]);
    }
    return true;
  }
};

ShareReader::ShareReader(const std::string& path, AccountTable& accounts, bool contributions)
    : impl_(std::make_unique<Impl>(accounts, contributions)) {
  auto& m = *impl_;
  m.in = std::make_unique<InputFile>(path);
  m.loc.file = m.in->display_name();
  // The first non-blank byte decides: '{' is JSON Lines, anything else a CSV header.
  for (;;) {
    bool more = m.fill();
    if (m.end >= 3 && std::memcmp(m.buf.get(), "\xEF\xBB\xBF", 3) == 0 && m.pos == 0) m.pos = 3;
    std::string_view have(m.buf.get() + m.pos, m.end - m.pos);
    auto first = have.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos) {
      m.jsonl = have[first] == '{';
      break;
    }
    if (!more) break;
  }
  if (m.jsonl) return;
  std::string_view header;
  if (!m.next_line(header) || trim(header).empty())
    throw_data_error({m.loc.file, 0}, {}, "empty input: expected a CSV header line or JSON Lines records");
  std::string hdr_scratch;
  if (!split_csv_line(header, m.fields, hdr_scratch)) throw_data_error(m.loc, {}, "malformed CSV header");
  auto& L = m.layout;
  L.ncols = m.fields.size();
  for (std::size_t c = 0; c < m.fields.size(); ++c) {
    auto name = trim(m.fields[c]);
    if (name == "time") L.col_time = static_cast<int>(c);
    else if (name == "account") L.col_account = static_cast<int>(c);
    else if (name == m.value_field) L.col_value = static_cast<int>(c);
  }
  for (auto [col, name] : {std::pair{L.col_time, "time"}, {L.col_account, "account"}, {L.col_value, m.value_field.c_str()}})
    if (col < 0)
      throw_data_error(m.loc, {},
                       std::string("missing column '") + name + "' required for " +
                           (contributions ? "contribution" : "share") + " records");
  m.fields.reserve(L.ncols + 1);
  m.scanner = std::make_unique<ShareScanner>(std::move(m.in), std::string(m.buf.get() + m.pos, m.end - m.pos), L);
  m.field_account.resize(m.scanner->workers());
  m.chunk_first_line = m.loc.line;  // the header's
}

ShareReader::~ShareReader() = default;

bool ShareReader::next(Share& s) {
  auto& m = *impl_;
  if (!m.jsonl) return next(&s, 1) == 1;
  if (!m.next_json()) return false;
  m.general(m.json_text[0], m.json_text[1], m.json_text[2], s);
  ++count_;
  return true;
}

ShareReader::Run ShareReader::run_until(std::int64_t until, ShareRun& run) {
  auto& m = *impl_;
  if (m.jsonl) return Run::other;
  if (!m.advance()) return Run::end;
  const ScanChunk& c = *m.cur;
  const ScannedLine* lines = c.lines.data();
  const std::size_t size = c.lines.size();
  std::size_t i = m.cur_i;
  // The scanner checked the order within the chunk; the first line is checked against the
  // share before it here, and next() gives the message if it is out of order.
  if (!c.ordered || lines[i].time < m.last_time) return Run::other;
  if (lines[i].time > until) return Run::after;
  std::size_t e = size;
  if (lines[size - 1].time > until)
    e = static_cast<std::size_t>(std::upper_bound(lines + i, lines + size, until,
                                                  [](std::int64_t t, const ScannedLine& l) { return t < l.time; }) -
                                 lines);
  run = ShareRun{lines + i, e - i, m.field_account[c.worker].data()};
  m.cur_i = e;
  m.last_time = lines[e - 1].time;
  count_ += e - i;
  return Run::taken;
}

std::size_t ShareReader::next_in_chunk(Share* out, std::size_t max) { return next_shares(out, max, true); }

std::size_t ShareReader::next(Share* out, std::size_t max) { return next_shares(out, max, false); }

std::size_t ShareReader::next_shares(Share* out, std::size_t max, bool one_chunk) {
  auto& m = *impl_;
  std::size_t n = 0;
  if (m.jsonl) {
    while (n < max && next(out[n])) ++n;
    return n;
  }
  while (n < max && (!one_chunk || n == 0 || m.cur_i < m.cur->lines.size()) && m.advance()) {
    // The plain lines of this chunk in one tight loop.
    const ScannedLine* lines = m.cur->lines.data();
    const std::size_t end = m.cur->lines.size();
    const std::uint32_t* account_of_key = m.field_account[m.cur->worker].data();
    std::size_t i = m.cur_i;
    std::int64_t last = m.last_time;
    for (; i < end && n < max && lines[i].kind == ScannedLine::fast; ++i) {
      const ScannedLine& x = lines[i];
      if (x.time < last) {
        m.loc.line = m.chunk_first_line + i + 1;
        // The fast path takes only "YYYY-MM-DDTHH:MM:SSZ", which is how the time is formatted
        // back, so the message quotes the field as written.
        throw_data_error(m.loc, "time",
                         "out of time order: " + quote_for_message(format_iso8601_utc(UtcTime(std::chrono::seconds(x.time)))) +
                             " is before the previous record's time (" +
                             format_iso8601_utc(UtcTime(std::chrono::seconds(last))) + ")");
      }
      last = x.time;
      out[n++] = Share{x.time, account_of_key[x.key], x.difficulty};
    }
    m.last_time = last;
    m.cur_i = i;
    if (n == max || i == end || lines[i].kind == ScannedLine::fast) continue;
    // A blank line, or one for the general parsers (and their messages).
    m.cur_i = i + 1;
    if (lines[i].kind == ScannedLine::blank) continue;
    m.loc.line = m.chunk_first_line + i + 1;
    m.split(m.cur->line_text(lines[i]));
    if (m.fields.size() != m.layout.ncols)
      throw_data_error(m.loc, {},
                       "expected " + std::to_string(m.layout.ncols) + " fields as in the header, got " +
                           std::to_string(m.fields.size()));
    m.general(m.fields[static_cast<std::size_t>(m.layout.col_time)],
              m.fields[static_cast<std::size_t>(m.layout.col_account)],
              m.fields[static_cast<std::size_t>(m.layout.col_value)], out[n++]);
  }
  count_ += n;
  return n;
}

std::vector<Block> read_blocks(const std::string& path) {
  const auto& spec = record_spec("block");
  RecordReader reader(path, spec);
  const auto f_height = spec.at("height"), f_time = spec.at("time"), f_hash = spec.at("block_hash"),
             f_sub = spec.at("subsidy_sats"), f_fees = spec.at("fees_sats"), f_diff = spec.at("network_difficulty"),
             f_status = spec.at("status"), f_finder = spec.at("finder");
  std::vector<Block> out;
  std::set<std::string> hashes;
  std::map<std::int64_t, std::size_t> in_chain;  // height -> the block (not orphaned) there
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
    if (b.subsidy_sats > max_sats - b.fees_sats)
      throw_data_error(rec.loc, "subsidy_sats", "subsidy plus fees exceed 21 million bitcoin");
    b.network_difficulty = parse_positive(rec.text(f_diff), rec.loc, "network_difficulty");
    auto st = trim(rec.text(f_status));
    if (st == "immature") b.status = BlockStatus::immature;
    else if (st == "confirmed") b.status = BlockStatus::confirmed;
    else if (st == "orphaned") b.status = BlockStatus::orphaned;
    else throw_expected(rec.loc, "status", "immature, confirmed or orphaned", st);
    if (rec.has(f_finder)) b.finder = std::string(account_of(trim(rec.text(f_finder)), rec.loc, "finder"));
    // At most one block per height is in the chain: two that are not orphaned would both be
    // credited, and credits are permanent.
    if (b.status != BlockStatus::orphaned) {
      auto [it, fresh] = in_chain.emplace(b.height, out.size());
      if (!fresh)
        throw_data_error(rec.loc, "height",
                         "a second block at height " + std::to_string(b.height) + " (" + b.hash + "), but line " +
                             std::to_string(out[it->second].loc.line) + " has " + out[it->second].hash +
                             " there, and at most one block per height is in the chain: mark the other orphaned");
    }
    out.push_back(std::move(b));
  }
  std::stable_sort(out.begin(), out.end(), [](const Block& x, const Block& y) {
    return x.time != y.time ? x.time < y.time : x.height < y.height;
  });
  return out;
}

}  // namespace hs::ledger
