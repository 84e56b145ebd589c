#include "ledger/inputs.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <cstring>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

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

namespace {
// A name's hash over its first 64 bytes, read as zero-padded little-endian 8-byte words (the
// last word padded), mixed a word at a time; the length is in the seed. Reads only the name's
// own bytes: the share reader hashes every share on its read-ahead thread.
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

std::uint32_t AccountTable::hash(std::string_view name) noexcept { return name_hash(name); }

std::uint32_t AccountTable::id(std::string_view name, std::uint32_t h) {
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

// "YYYY-MM-DDTHH:MM:SSZ" without the general parser (the share log's hot path);
// anything else goes through hs::parse_iso8601.
// "YYYY-MM-DDTHH:MM:SSZ" without the general parser (the share log's hot path); false for
// anything else, which goes through hs::parse_iso8601.
bool fast_time(std::string_view t, std::int64_t& out) {
  auto num = [&](std::size_t pos, std::size_t len, int& v) {
    auto r = std::from_chars(t.data() + pos, t.data() + pos + len, v);
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
      out = days * 86400 + h * 3600 + mi * 60 + s;
      return true;
    }
  }
  return false;
}

std::int64_t parse_time(std::string_view t, const Location& loc, std::string_view field) {
  std::int64_t v;
  if (fast_time(t, v)) return v;
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

// Bytes of w equal to ',' or '"' have their high bit set (the lowest set one is exact; the
// caller checks every candidate byte, as a borrow can mark a byte above a match).
static_assert(std::endian::native == std::endian::little, "special_bytes counts bytes from the low end");
inline std::uint64_t special_bytes(std::uint64_t w) {
  constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  std::uint64_t a = w ^ (ones * ','), b = w ^ (ones * '"');
  return (((a - ones) & ~a) | ((b - ones) & ~b)) & highs;
}

// Bytes allowed in an account name (valid_account_name), as a table for the hot loop.
struct NameBytes {
  bool ok[256] = {};
  constexpr NameBytes() {
    for (int c = 0; c < 256; ++c)
      ok[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
              c == '.' || c == '@' || c == '+';
  }
};
constexpr NameBytes name_bytes;

// The account of a share's account field (same result and errors as account_of): one pass
// that validates and finds the worker dot.
inline std::string_view account_fast(std::string_view name, const Location& loc, std::string_view field) {
  if (name.empty() || name.size() > 64) return account_of(name, loc, field);
  std::size_t dot = std::string_view::npos;
  for (std::size_t i = 0; i < name.size(); ++i) {
    auto c = static_cast<unsigned char>(name[i]);
    if (!name_bytes.ok[c]) return account_of(name, loc, field);  // throws
    if (c == '.' && dot == std::string_view::npos) dot = i;
  }
  if (dot == 0) return account_of(name, loc, field);  // throws
  return name.substr(0, dot);
}

// Plain decimals ("65536", "1.5": at most 18 integer and 8 fraction digits) straight to scaled
// units; anything else (signs, spaces, exponents, zero, long digit strings) through
// parse_positive, which gives the same value or the error.
inline bool fast_difficulty(std::string_view v, u128& out) {
  std::uint64_t whole = 0, frac = 0;
  std::size_t i = 0, n = v.size();
  for (; i < n && i < 18; ++i) {
    unsigned d = static_cast<unsigned char>(v[i]) - '0';
    if (d > 9) break;
    whole = whole * 10 + d;
  }
  if (i == 0) return false;
  int fd = 0;
  if (i < n && v[i] == '.') {
    ++i;
    for (; i < n && fd < scale_digits; ++i, ++fd) {
      unsigned d = static_cast<unsigned char>(v[i]) - '0';
      if (d > 9) break;
      frac = frac * 10 + d;
    }
    if (fd == 0) return false;
    for (int k = fd; k < scale_digits; ++k) frac *= 10;
  }
  if (i != n || (whole == 0 && frac == 0)) return false;
  out = static_cast<u128>(whole) * scale + frac;
  return true;
}

inline u128 parse_difficulty(std::string_view v, const Location& loc, std::string_view field) {
  u128 out;
  if (fast_difficulty(v, out)) return out;
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
  static constexpr std::size_t chunk = 1 << 18;  // stays in L2 beside the account table
  static constexpr std::size_t slack = 8;        // past the end: a word load never leaves the buffer
  AccountTable& accounts;
  bool contributions;
  std::string value_field;
  Location loc;
  std::int64_t last_time = INT64_MIN;
  // The last time field's text and value: shares of one second repeat it.
  char last_text[32] = {};
  std::size_t last_len = 0;
  std::int64_t last_value = 0;

  std::unique_ptr<InputFile> in;
  std::unique_ptr<char[]> buf;  // bytes [pos, end) not yet consumed
  std::size_t cap = 0, pos = 0, end = 0;
  bool eof = false;
  // CSV
  std::size_t ncols = 0;
  int col_time = -1, col_account = -1, col_value = -1;
  std::vector<std::string_view> fields;
  std::string scratch;
  // A line split and parsed ahead of its account lookup (see next()): views into its chunk's
  // bytes, valid until the next chunk is taken.
  struct Ahead {
    std::string_view line, t, a;  // a: the account part, validated
    std::int64_t time = 0;
    u128 difficulty = 0;
    std::uint64_t line_no = 0;
    std::uint32_t hash = 0;
    bool fast = false;  // false: take the line through the full checks (and their errors)
  };
  // The last time text and value seen while reading ahead.
  struct TimeCache {
    char text[32] = {};
    std::size_t len = 0;
    std::int64_t value = 0;
  };
  static constexpr std::size_t max_fast_cols = 8;
  // The CSV lines after the header are split and parsed by a read-ahead thread (see
  // read_ahead()), a chunk of whole lines at a time, while this thread looks accounts up and
  // runs the scheme (bench/payout.sh, 100 M shares on two cores: 7.3 s before, 5.5 s). Chunks
  // travel through a short queue and their buffers come back for reuse, so memory stays at a
  // few chunks whatever the input's size.
  struct Chunk {
    std::unique_ptr<char[]> bytes;  // cap + slack bytes
    std::size_t cap = 0;
    std::vector<Ahead> lines;
    std::exception_ptr error;  // a read error after these lines
    bool last = false;         // no chunk follows
  };
  static constexpr std::size_t chunks_in_flight = 4;
  static constexpr std::size_t prefetch_distance = 16;  // lines between a slot's prefetch and its lookup
  std::thread reader;
  std::mutex mu;
  std::condition_variable cv;
  std::deque<Chunk> full, spare;
  bool stopping = false;
  Chunk cur;
  std::size_t cur_i = 0;
  bool ended = false;
  // JSON Lines
  bool jsonl = false;
  std::string json_text[3];

  Impl(AccountTable& a, bool c) : accounts(a), contributions(c), value_field(c ? "units" : "share_difficulty") {}

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
      auto nbuf = std::make_unique<char[]>(ncap + slack);
      if (end) std::memcpy(nbuf.get(), buf.get(), end);
      buf = std::move(nbuf);
      cap = ncap;
    }
    std::size_t got = in->read(buf.get() + end, cap - end);
    if (got == 0) eof = true;
    end += got;
    return got > 0;
  }

  // Next line into `line` (without "\n" or "\r\n"); false at the end, or (may_fill false)
  // when no whole line is left in the buffer.
  bool next_line(std::string_view& line, bool may_fill = true) {
    for (;;) {
      const char* b = buf.get() + pos;
      auto* nl = static_cast<const char*>(std::memchr(b, '\n', end - pos));
      std::size_t len;
      if (nl) {
        len = static_cast<std::size_t>(nl - b);
        pos += len + 1;
      } else {
        if (!may_fill) return false;
        if (fill()) continue;
        if (pos >= end) return false;
        b = buf.get() + pos;
        len = end - pos;
        pos = end;
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

  // Splits a line and parses its fields ahead of next(), without throwing: a line that is not
  // plain (quotes, wrong field count, a bad name, another time form, an unusual number) is
  // marked to go through the full checks when its turn comes, so errors still come in line
  // order with the general path's messages. The time order is checked by next().
  void preparse(std::string_view line, std::uint64_t line_no, Ahead& x, TimeCache& tc) const {
    x.line = line;
    x.line_no = line_no;
    x.fast = false;
    // Field starts in one pass, eight bytes at a time; any quote sends the line the long way.
    const char* start[max_fast_cols + 1];  // start[k]: first byte of field k (no init: hot)
    std::size_t nf = 1;
    start[0] = line.data();
    bool quote = false;
    const std::size_t len = line.size();
    for (std::size_t at = 0; at < len && !quote; at += 8) {
      std::uint64_t w;
      std::memcpy(&w, line.data() + at, 8);  // the buffers have slack past their end
      std::uint64_t hit = special_bytes(w);
      while (hit) {
        std::size_t k = at + static_cast<std::size_t>(__builtin_ctzll(hit)) / 8;
        hit &= hit - 1;
        if (k >= len) break;
        char c = line[k];
        if (c == ',') {
          if (nf <= max_fast_cols) start[nf] = line.data() + k + 1;
          ++nf;
        } else if (c == '"') {
          quote = true;
          break;
        }
      }
    }
    if (quote || nf != ncols || ncols > max_fast_cols) return;
    start[nf] = line.data() + len + 1;  // one past the end of the last field, plus the comma
    auto field = [&](int c) {
      return std::string_view(start[c], static_cast<std::size_t>(start[c + 1] - start[c] - 1));
    };
    x.t = field(col_time);
    auto name = field(col_account);
    if (name.empty() || name.size() > 64) return;
    std::size_t dot = std::string_view::npos;
    bool ok = true;
    for (std::size_t i = 0; i < name.size(); ++i) {
      auto c = static_cast<unsigned char>(name[i]);
      ok &= name_bytes.ok[c];
      if (c == '.' && dot == std::string_view::npos) dot = i;
    }
    if (!ok || dot == 0) return;
    if (x.t.size() == tc.len && std::memcmp(x.t.data(), tc.text, tc.len) == 0) {
      x.time = tc.value;
    } else {
      if (x.t.size() > sizeof tc.text || !fast_time(x.t, x.time)) return;
      std::memcpy(tc.text, x.t.data(), x.t.size());
      tc.len = x.t.size();
      tc.value = x.time;
    }
    if (!fast_difficulty(field(col_value), x.difficulty)) return;
    x.a = name.substr(0, dot);
    x.hash = AccountTable::hash(x.a);
    x.fast = true;
  }

  // The read-ahead thread: starts from the bytes left in buf after the header, reads chunks
  // of whole lines (a line longer than a chunk grows it), pre-parses every line and queues the
  // chunk. Never throws: a read error travels in the chunk, after the lines read before it.
  void read_ahead() {
    std::string carry(buf.get() + pos, end - pos);  // a line begun in the previous chunk
    bool at_eof = eof;
    std::uint64_t line_no = loc.line;
    TimeCache tc;
    for (;;) {
      Chunk c;
      {
        std::unique_lock lock(mu);
        cv.wait(lock, [&] { return stopping || full.size() < chunks_in_flight; });
        if (stopping) return;
        if (!spare.empty()) {
          c = std::move(spare.front());
          spare.pop_front();
        }
      }
      std::size_t n = 0, complete = 0;
      try {
        for (;;) {
          // Here n == 0: the unfinished line read so far is in carry. Room for it and as much
          // again (a chunk at least).
          if (const std::size_t need = std::max(chunk, 2 * carry.size()); c.cap < need) {
            c.bytes = std::make_unique<char[]>(need + slack);
            c.cap = need;
          }
          if (!carry.empty()) {
            std::memcpy(c.bytes.get(), carry.data(), carry.size());
            n = carry.size();
          }
          while (n < c.cap && !at_eof) {
            std::size_t got = in->read(c.bytes.get() + n, c.cap - n);
            if (got == 0) at_eof = true;
            n += got;
          }
          if (at_eof) {
            complete = n;
            break;
          }
          const char* b = c.bytes.get();
          const char* nl = static_cast<const char*>(memrchr(b, '\n', n));
          if (nl) {
            complete = static_cast<std::size_t>(nl - b) + 1;
            break;
          }
          carry.assign(b, n);  // no line end in a full chunk: grow it and read on
          n = 0;
        }
      } catch (...) {
        c.error = std::current_exception();
        complete = n;  // the lines read before the error are still taken, then the error
        at_eof = true;
      }
      carry.assign(c.bytes.get() + complete, n - complete);
      if (c.bytes) std::memset(c.bytes.get() + complete, 0, slack);  // defined bytes past the last line
      c.lines.clear();
      const char* p = c.bytes.get();
      const char* e = p + complete;
      while (p < e) {
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(e - p)));
        const char* stop = nl ? nl : e;
        std::string_view line(p, static_cast<std::size_t>(stop - p));
        p = nl ? nl + 1 : e;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) continue;
        c.lines.emplace_back();
        preparse(line, line_no, c.lines.back(), tc);
      }
      c.last = at_eof && carry.empty();
      const bool last = c.last;
      {
        std::lock_guard lock(mu);
        full.push_back(std::move(c));
      }
      cv.notify_all();
      if (last) return;
    }
  }

  // The thread holds the state too (self), so that a reader stopped early is never waited
  // for: it may sit in a read of a slow pipe, and the error that stopped the run must not wait
  // on it. It sees `stopping` when its read returns, and ends.
  static void start_reader(const std::shared_ptr<Impl>& self) {
    self->reader = std::thread([self] { self->read_ahead(); });
  }
  void stop_reader() {
    if (!reader.joinable()) return;
    {
      std::lock_guard lock(mu);
      stopping = true;
    }
    cv.notify_all();
    // After the last chunk the thread has nothing left but to return: wait for it then.
    if (ended) reader.join();
    else reader.detach();
  }

  // The next pre-parsed line; nullptr at the end. A read error is thrown here, in line order.
  const Ahead* next_ahead() {
    while (cur_i == cur.lines.size()) {
      if (cur.error) std::rethrow_exception(std::exchange(cur.error, nullptr));
      if (ended || cur.last) {
        ended = true;
        return nullptr;
      }
      {
        std::unique_lock lock(mu);
        if (cur.bytes) spare.push_back(std::move(cur));
        cv.wait(lock, [&] { return !full.empty(); });
        cur = std::move(full.front());
        full.pop_front();
      }
      cv.notify_all();
      cur_i = 0;
      for (std::size_t i = 0; i < std::min(prefetch_distance, cur.lines.size()); ++i)
        if (cur.lines[i].fast) accounts.prefetch(cur.lines[i].hash);
    }
    // Ask for the account slot of the line prefetch_distance ahead, so that its lookup,
    // when its turn comes, finds the slot in cache.
    if (cur_i + prefetch_distance < cur.lines.size()) {
      const Ahead& ahead = cur.lines[cur_i + prefetch_distance];
      if (ahead.fast) accounts.prefetch(ahead.hash);
    }
    return &cur.lines[cur_i++];
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
    } catch (const nlohmann::json::parse_error& e) {
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
    : impl_(std::make_shared<Impl>(accounts, contributions)) {
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
  m.fields.reserve(m.ncols + 1);
  Impl::start_reader(impl_);
}

ShareReader::~ShareReader() {
  if (impl_) impl_->stop_reader();
}

bool ShareReader::next(Share& s) {
  auto& m = *impl_;
  std::string_view t, a, v;
  if (m.jsonl) {
    if (!m.next_json()) return false;
    t = m.json_text[0], a = m.json_text[1], v = m.json_text[2];
  } else {
    const auto* ap = m.next_ahead();
    if (!ap) return false;
    const auto& x = *ap;
    m.loc.line = x.line_no;
    if (x.fast) {
      if (x.time < m.last_time)
        throw_data_error(m.loc, "time",
                         "out of time order: " + quote_for_message(x.t) + " is before the previous record's time (" +
                             format_iso8601_utc(UtcTime(std::chrono::seconds(m.last_time))) + ")");
      m.last_time = s.time = x.time;
      s.account = m.accounts.id(x.a, x.hash);
      s.difficulty = x.difficulty;
      ++count_;
      return true;
    }
    const std::string_view line = x.line;
    m.split(line);
    if (m.fields.size() != m.ncols)
      throw_data_error(m.loc, {},
                       "expected " + std::to_string(m.ncols) + " fields as in the header, got " +
                           std::to_string(m.fields.size()));
    t = m.fields[static_cast<std::size_t>(m.col_time)];
    a = m.fields[static_cast<std::size_t>(m.col_account)];
    v = m.fields[static_cast<std::size_t>(m.col_value)];
  }
  m.time_in_order(t, s);
  s.account = m.accounts.id(account_fast(a, m.loc, "account"));
  s.difficulty = parse_difficulty(v, m.loc, m.value_field);
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
