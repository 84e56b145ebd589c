// ERCOT NP6-905-CD real-time settlement point prices: 15-minute intervals by delivery hour
// (hour ending) and interval 1..4, with SettlementPointType (LZ and LZEW are different series).
#include "market/ercot.hpp"
#include "market/formats.hpp"

namespace hs::market {

void parse_ercot_rt(RowSource& rows, const std::vector<std::string>& header, ParseContext& ctx) {
  auto cols = ercot::find_columns(header, rows.name());
  if (!cols.real_time())
    throw_data_error(Location{rows.name(), 1}, {}, "ERCOT real-time table without a DeliveryInterval column");
  ercot::parse_rows(rows, cols, ctx);
}

}  // namespace hs::market

// ---- fast path ------------------------------------------------------------------------
#include <csv.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <cstring>
#include <string_view>
#include <unordered_map>

#include "core/parse.hpp"

namespace hs::market::ercot {

namespace {

// Splits a quote-free line at commas into views; false when it has more fields than fit.
bool split_plain(std::string_view line, std::array<std::string_view, 16>& out, std::size_t& n) {
  n = 0;
  std::size_t pos = 0;
  for (;;) {
    if (n == out.size()) return false;
    auto comma = line.find(',', pos);
    if (comma == std::string_view::npos) {
      out[n++] = line.substr(pos);
      return true;
    }
    out[n++] = line.substr(pos, comma - pos);
    pos = comma + 1;
  }
}

// A line with quotes goes through libcsv, as the general reader would read it.
struct QuotedLine {
  std::vector<std::string> fields;
  static void on_field(void* data, std::size_t len, void* self) {
    static_cast<QuotedLine*>(self)->fields.emplace_back(static_cast<const char*>(data), len);
  }
  static void on_row(int, void*) {}
  bool parse(std::string_view line) {
    fields.clear();
    csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0) return false;
    bool ok = csv_parse(&p, line.data(), line.size(), on_field, on_row, this) == line.size();
    ok = ok && csv_fini(&p, on_field, on_row, this) == 0;
    csv_free(&p);
    return ok;
  }
};

// Newlines in [p, p+n), eight bytes at a time: a byte equal to '\n' becomes zero after the
// xor, and the exact zero-byte test below marks each with its top bit.
std::uint64_t count_newlines(const char* p, std::size_t n) {
  constexpr std::uint64_t nl = 0x0a0a0a0a0a0a0a0aULL, low7 = 0x7f7f7f7f7f7f7f7fULL;
  std::uint64_t count = 0;
  std::size_t i = 0;
#ifdef __SSE2__
  // 16 bytes at a time: compare gives 0xFF (-1) per newline; subtracting adds 1 per lane, and
  // the byte lanes are summed (psadbw) before any can overflow (at most 255 rounds).
  const __m128i nlv = _mm_set1_epi8('\n');
  while (i + 16 <= n) {
    __m128i acc = _mm_setzero_si128();
    std::size_t rounds = std::min<std::size_t>((n - i) / 16, 255);
    for (std::size_t r = 0; r < rounds; ++r, i += 16) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(v, nlv));
    }
    __m128i sums = _mm_sad_epu8(acc, _mm_setzero_si128());
    count += static_cast<std::uint64_t>(_mm_cvtsi128_si64(sums)) +
             static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
  }
#endif
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    std::uint64_t x = w ^ nl;
    std::uint64_t t = ~(((x & low7) + low7) | x | low7);
    // Each marked byte is 0x80: shifted to 0x01, the multiply sums the eight bytes into the top one.
    count += ((t >> 7) * 0x0101010101010101ULL) >> 56;
  }
  for (; i < n; ++i) count += p[i] == '\n';
  return count;
}

// The longest run of plain characters of a shell pattern, outside [...] and without *, ? and
// escaped characters; empty when there is none (or a '[' is never closed).
std::string literal_run(std::string_view p) {
  std::string best, cur;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c != '*' && c != '?' && c != '[' && c != '\\') {
      cur += c;
      continue;
    }
    if (cur.size() > best.size()) best = cur;
    cur.clear();
    if (c == '\\') {
      ++i;  // the escaped character ends a run (kept out, to stay simple)
    } else if (c == '[') {
      std::size_t j = i + 1;
      if (j < p.size() && (p[j] == '!' || p[j] == '^')) ++j;
      if (j < p.size() && p[j] == ']') ++j;  // a leading ] is a member
      while (j < p.size() && p[j] != ']') ++j;
      if (j >= p.size()) return {};
      i = j;
    }
  }
  if (cur.size() > best.size()) best = cur;
  return best;
}

// The filter's verdict per distinct key text (node and type fields as they stand in the line):
// a file repeats its ~1,000 points every interval, so patterns are matched once per point,
// not once per line.
struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
class VerdictCache {
 public:
  // nullptr when unknown.
  const bool* find(std::string_view key) const {
    auto it = map_.find(key);
    return it == map_.end() ? nullptr : &it->second;
  }
  void add(std::string_view key, bool keep) {
    if (map_.size() < 200000) map_.emplace(std::string(key), keep);  // bounded, whatever the input
  }

 private:
  std::unordered_map<std::string, bool, TextHash, std::equal_to<>> map_;
};

}  // namespace

bool parse_ercot_rt_fast(const std::string& path, const std::string& name, ParseContext& ctx) {
  int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return false;  // the general reader reports why
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  constexpr std::size_t block = 1 << 22;
  std::string buf(block + 1, '\0');
  std::size_t have = 0;
  auto fill = [&]() -> std::size_t {
    if (buf.size() - have < block) buf.resize(have + block);  // only for a line longer than a block
    auto got = ::read(fd, buf.data() + have, buf.size() - have);
    if (got < 0) throw Error(exit_code::io, name + ": read failed: " + std::strerror(errno));
    have += static_cast<std::size_t>(got);
    return static_cast<std::size_t>(got);
  };
  // Header line.
  std::size_t eol;
  for (;;) {
    eol = std::string_view(buf.data(), have).find('\n');
    if (eol != std::string_view::npos) break;
    if (have > (1 << 20) || fill() == 0) return false;  // no header line within 1 MB
  }
  std::string_view header_line(buf.data(), eol);
  if (header_line.substr(0, 3) == "\xef\xbb\xbf") header_line.remove_prefix(3);
  if (!header_line.empty() && header_line.back() == '\r') header_line.remove_suffix(1);
  if (header_line.find('"') != std::string_view::npos) return false;
  std::array<std::string_view, 16> f;
  std::size_t n = 0;
  if (!split_plain(header_line, f, n)) return false;
  std::vector<std::string> header(f.begin(), f.begin() + static_cast<std::ptrdiff_t>(n));
  if (detect_format(header) != SourceFormat::ercot_rt) return false;
  Columns cols = find_columns(header, name);
  RowConverter conv(cols, ctx);
  QuotedLine quoted;
  std::vector<std::string_view> qviews;
  std::uint64_t line = 1;
  // Only the fields up to the node and type columns are split before the filter decides.
  const std::size_t key_fields = static_cast<std::size_t>(std::max(cols.node, cols.type)) + 1;
  const auto node_col = static_cast<std::size_t>(cols.node);
  const int type_col = cols.type;
  // One --node pattern: every name it matches contains the pattern's longest run of plain
  // characters (the whole name for a pattern without wildcards), so lines without that text
  // cannot be its rows. The block is searched for it (memmem) and only the lines holding it are
  // split and judged by the filter; the lines between are only counted.
  const std::string needle = ctx.filter.nodes.size() == 1 ? literal_run(ctx.filter.nodes[0]) : std::string{};
  const bool one_literal = !needle.empty();
  const bool filtering = !ctx.filter.nodes.empty() || !ctx.filter.node_type.empty() || !ctx.filter.market.empty();
  const std::size_t key_first = static_cast<std::size_t>(type_col >= 0 ? std::min(cols.node, type_col) : cols.node);
  VerdictCache verdicts;

  // Splits one line (no line end) and converts it when the filter keeps it.
  auto process = [&](std::string_view l, bool block_has_quotes) {
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (l.empty()) return;
    const bool plain = !block_has_quotes || l.find('"') == std::string_view::npos;
    if (plain) {
      // Cheap rejection: the filter sees the key fields before anything is converted.
      std::size_t k = 0, from = 0;
      while (k < key_fields) {
        auto comma = l.find(',', from);
        if (comma == std::string_view::npos) break;
        f[k++] = l.substr(from, comma - from);
        from = comma + 1;
      }
      if (k == key_fields) {
        auto type = type_col >= 0 ? f[static_cast<std::size_t>(type_col)] : std::string_view{};
        if (filtering) {
          // The line's text from the first to the last key field holds both fields as they stand.
          const auto& a = f[key_first];
          const auto& b = f[key_fields - 1];
          std::string_view key(a.data(), static_cast<std::size_t>(b.data() + b.size() - a.data()));
          const bool* known = verdicts.find(key);
          bool keep = known ? *known : ctx.filter.accepts_node(trim(f[node_col]), trim(type), "rt");
          if (!known) verdicts.add(key, keep);
          if (!keep) return;
        }
      }
    }
    guarded(ctx, [&] {
      if (plain && split_plain(l, f, n)) {
        conv.row(f.data(), n, name, line);
      } else {
        if (!quoted.parse(l)) throw_data_error(Location{name, line}, {}, "malformed quoted field");
        qviews.assign(quoted.fields.begin(), quoted.fields.end());
        conv.row(qviews.data(), qviews.size(), name, line);
      }
    });
  };

  std::size_t pos = eol + 1;
  bool eof = false;
  for (;;) {
    const char* base = buf.data();
    // Quotes are looked for once per block: ERCOT files have none, so lines are split directly.
    const bool block_has_quotes = std::memchr(base + pos, '"', have - pos) != nullptr;
    // The complete lines of this block end at `limit` (all of it at the end of input).
    std::size_t limit = have;
    if (!eof) {
      const void* last = have > pos ? ::memrchr(base + pos, '\n', have - pos) : nullptr;
      limit = last ? static_cast<std::size_t>(static_cast<const char*>(last) - base) + 1 : pos;
    }
    if (one_literal && !block_has_quotes) {
      std::size_t cursor = pos;
      while (cursor < limit) {
        const void* hit = ::memmem(base + cursor, limit - cursor, needle.data(), needle.size());
        if (!hit) break;
        auto h = static_cast<std::size_t>(static_cast<const char*>(hit) - base);
        const void* before = h > cursor ? ::memrchr(base + cursor, '\n', h - cursor) : nullptr;
        std::size_t ls = before ? static_cast<std::size_t>(static_cast<const char*>(before) - base) + 1 : cursor;
        line += count_newlines(base + cursor, ls - cursor);
        const void* after = std::memchr(base + h, '\n', limit - h);
        std::size_t le = after ? static_cast<std::size_t>(static_cast<const char*>(after) - base) : limit;
        ++line;
        process(std::string_view(base + ls, le - ls), false);
        cursor = after ? le + 1 : limit;
      }
      line += count_newlines(base + cursor, limit - cursor);
      if (eof && limit > cursor && base[limit - 1] != '\n') ++line;  // a last line without its end
      pos = limit;
    } else {
      while (pos < limit) {
        const void* nl = std::memchr(base + pos, '\n', limit - pos);
        std::size_t le = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - base) : limit;
        ++line;
        process(std::string_view(base + pos, le - pos), block_has_quotes);
        pos = nl ? le + 1 : limit;
      }
    }
    if (eof) break;
    // Move the unfinished tail to the front and read the next block behind it.
    std::memmove(buf.data(), buf.data() + pos, have - pos);
    have -= pos;
    pos = 0;
    if (fill() == 0) eof = true;
  }
  return true;
}

}  // namespace hs::market::ercot
