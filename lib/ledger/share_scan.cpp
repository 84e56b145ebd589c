#include "ledger/share_scan.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

#include "core/error.hpp"
#include "ledger/share_fields.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace hs::ledger {

namespace {

constexpr std::size_t chunk_bytes = 1 << 18;  // a chunk and its lines stay in L2 while scanned
constexpr std::size_t slack = 80;            // readable bytes past a chunk's lines (word and 16-byte loads)
constexpr unsigned max_workers = 4;

// Offset of the first ',', '\n' or '"' at or after p. There is one within the chunk (every
// chunk ends in a newline), and 16-byte reads past it stay in the chunk's slack.
inline std::size_t find_separator(const char* p) {
#if defined(__SSE2__)
  const __m128i nl = _mm_set1_epi8('\n'), comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"');
  for (std::size_t at = 0;; at += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at));
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, nl), _mm_cmpeq_epi8(v, comma)), _mm_cmpeq_epi8(v, quote));
    if (const int m = _mm_movemask_epi8(hit)) return at + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(m)));
  }
#else
  std::size_t at = 0;
  while (p[at] != '\n' && p[at] != ',' && p[at] != '"') ++at;
  return at;
#endif
}

inline std::uint64_t load8(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

// The low n bytes of w (n in 0..8).
inline std::uint64_t low_bytes(std::uint64_t w, std::size_t n) { return n >= 8 ? w : w & ((std::uint64_t{1} << (8 * n)) - 1); }

// The first 16 bytes of a field as two words, and masks keeping a field's first n of them.
struct Bytes16 {
  std::uint64_t lo = 0, hi = 0;
};
struct PrefixMasks {
  Bytes16 keep[17];
  constexpr PrefixMasks() {
    for (std::size_t n = 0; n <= 16; ++n) {
      keep[n].lo = n >= 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * n)) - 1;
      keep[n].hi = n >= 16 ? ~std::uint64_t{0} : n <= 8 ? 0 : (std::uint64_t{1} << (8 * (n - 8))) - 1;
    }
  }
};
constexpr PrefixMasks prefix_masks;

// Set bits of m, inline where the baseline lacks the instruction (libgcc's is a call).
inline int popcount64(std::uint64_t m) {
#if defined(__POPCNT__)
  return __builtin_popcountll(m);
#else
  m -= (m >> 1) & 0x5555555555555555ull;
  m = (m & 0x3333333333333333ull) + ((m >> 2) & 0x3333333333333333ull);
  m = (m + (m >> 4)) & 0x0F0F0F0F0F0F0F0Full;
  return static_cast<int>((m * 0x0101010101010101ull) >> 56);
#endif
}

// The offsets of a 64-byte block's newlines (bits of m) into out, which has room for 4 or
// for as many as there are; returns their count. Four are written whatever the count (lines
// of 16 bytes or more leave at most four in a block), so that a block costs one predictable
// branch, not one a newline.
inline std::size_t write_offsets(std::uint64_t m, std::uint32_t base, int count, std::uint32_t* out) {
  // ctz of m with its top bit set: the same for any m but zero, which gives 63 (a spare entry).
  for (int j = 0; j < 4; ++j, m &= m - 1) out[j] = base + static_cast<std::uint32_t>(__builtin_ctzll(m | 1ull << 63));
  for (int j = 4; j < count; ++j, m &= m - 1) out[j] = base + static_cast<std::uint32_t>(__builtin_ctzll(m));
  return static_cast<std::size_t>(count);
}

// Every '\n' of b[0, len), by offset in order, into out, which has room for len + 4; returns
// their count. A 64-byte block at a time: its newlines as a bit mask, then their offsets. Each
// line is then parsed from its start to its end, both known in advance: no line waits for the
// end of the line before it to be found. Reads up to 63 bytes past len.
inline std::size_t find_newlines(const char* b, std::size_t len, std::uint32_t* out) {
  std::size_t k = 0;
  for (std::size_t at = 0; at < len; at += 64) {
    std::uint64_t m = 0;
#if defined(__SSE2__)
    const __m128i nl = _mm_set1_epi8('\n');
    for (int j = 0; j < 4; ++j) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + at + 16 * j));
      m |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, nl)))) << (16 * j);
    }
#else
    for (std::size_t j = 0; j < 64; ++j) m |= static_cast<std::uint64_t>(b[at + j] == '\n') << j;
#endif
    if (len - at < 64) m &= (std::uint64_t{1} << (len - at)) - 1;
    k += write_offsets(m, static_cast<std::uint32_t>(at), popcount64(m), out + k);
  }
  return k;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HS_SCAN_AVX2 1
// The same with AVX2, BMI and POPCNT (x86-64-v3), chosen at run time (scan_chunk): half the
// compares, and tzcnt, blsr and popcnt as single instructions.
__attribute__((target("avx2,bmi,popcnt"))) inline std::size_t find_newlines_avx2(const char* b, std::size_t len,
                                                                                  std::uint32_t* out) {
  const __m256i nl = _mm256_set1_epi8('\n');
  std::size_t k = 0;
  for (std::size_t at = 0; at < len; at += 64) {
    const __m256i v0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b + at));
    const __m256i v1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b + at + 32));
    const auto lo = static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v0, nl)));
    const auto hi = static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v1, nl)));
    std::uint64_t m = static_cast<std::uint64_t>(hi) << 32 | lo;
    if (len - at < 64) m &= (std::uint64_t{1} << (len - at)) - 1;
    k += write_offsets(m, static_cast<std::uint32_t>(at), __builtin_popcountll(m), out + k);
  }
  return k;
}
#endif

// Offset of the first ',' or '\n' at or after p (there is one in the chunk), and p's first 16
// bytes (a shorter field's words) from the same load. A quote is not looked for: the fields
// after the time are validated whole, and a quote fails that.
inline std::size_t find_field_end(const char* p, Bytes16& first) {
#if defined(__SSE2__)
  const __m128i nl = _mm_set1_epi8('\n'), comma = _mm_set1_epi8(',');
  __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  first.lo = static_cast<std::uint64_t>(_mm_cvtsi128_si64(v));
  first.hi = static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(v, v)));
  for (std::size_t at = 0;;) {
    if (const int m = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, nl), _mm_cmpeq_epi8(v, comma))))
      return at + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(m)));
    at += 16;
    v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at));
  }
#else
  first.lo = load8(p);
  first.hi = load8(p + 8);
  std::size_t at = 0;
  while (p[at] != '\n' && p[at] != ',') ++at;
  return at;
#endif
}

// The last time field's text and value ("YYYY-MM-DDTHH:MM:SSZ", the one form fast_time takes):
// the shares of one second repeat it, and those of the next seconds differ in the seconds only.
struct TimeCache {
  char text[24] = {};
  std::size_t len = 0;  // 20 once a time was parsed
  std::int64_t value = 0;
  unsigned second = 0;  // value's seconds within its minute
  // p[0, 20) is the last time (when that was a 20-byte one): three loads.
  bool same20(const char* p) const {
    return len == 20 &&
           ((load8(p) ^ load8(text)) | (load8(p + 8) ^ load8(text + 8)) | ((load8(p + 16) ^ load8(text + 16)) << 32)) == 0;
  }
  bool get(std::string_view t, std::int64_t& out) {
    if (t.size() == 20 && len == 20) {  // "YYYY-MM-DDTHH:MM:SSZ"
      const char* p = t.data();
      if ((load8(p) ^ load8(text)) | (load8(p + 8) ^ load8(text + 8))) {
        // another minute: parsed whole, below
      } else if (p[16] == text[16] && p[17] == text[17] && p[18] == text[18] && p[19] == 'Z') {
        out = value;
        return true;
      } else if (unsigned s1 = static_cast<unsigned char>(p[17]) - '0', s0 = static_cast<unsigned char>(p[18]) - '0';
                 p[16] == ':' && s1 < 6 && s0 <= 9 && p[19] == 'Z') {
        // the same minute, another second: only the seconds change
        const unsigned sec = s1 * 10 + s0;
        value += static_cast<std::int64_t>(sec) - static_cast<std::int64_t>(second);
        second = sec;
        std::memcpy(text + 16, p + 16, 4);
        out = value;
        return true;
      }
    }
    if (!detail::fast_time(t, out)) return false;
    std::memcpy(text, t.data(), t.size());
    len = t.size();
    value = out;
    second = static_cast<unsigned>(((out % 60) + 60) % 60);
    return true;
  }
};

// One worker's account fields, as written ("acct7.w2"), numbered in order of first appearance.
// An open-addressing table whose slots hold a field's first 16 bytes and its length, so the
// usual field is found by one compare of two words and the length in one slot; longer ones are
// also compared whole. Every field is validated once, when first met.
class FieldKeys {
 public:
  FieldKeys() { resize(1024); }
  // A field's words and slot, computed (and the slot asked for) ahead of key(): the table
  // outgrows the cache with a pool's workers, so the lookups of a batch of lines overlap.
  struct Probe {
    std::uint64_t w0, w1;
    std::uint32_t len, hash;  // hash: its top bits are the slot's index
    const char* field;
  };
  // False for a field the fast path does not take by its length alone. `first` holds the
  // field's first 16 bytes (and what follows, if it is shorter).
  bool probe(const char* f, std::size_t len, const Bytes16& first, Probe& pr) const {
    if (len - 1 >= 64) return false;  // empty, or over 64 bytes
    const Bytes16& keep = prefix_masks.keep[std::min<std::size_t>(len, 16)];
    pr.w0 = first.lo & keep.lo;
    pr.w1 = first.hi & keep.hi;
    pr.len = static_cast<std::uint32_t>(len);
    pr.field = f;
    pr.hash = hash(pr.w0, pr.w1, len, f);
    __builtin_prefetch(slots_.get() + (pr.hash >> shift_));
    return true;
  }
  // The field's key, or -1 for a field the fast path does not take; a new field is appended
  // to `added`.
  std::int64_t key(const Probe& pr, std::vector<std::string>& added) {
    for (std::size_t i = pr.hash >> shift_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      // An empty slot (length 0) matches no field.
      if (((s.w0 ^ pr.w0) | (s.w1 ^ pr.w1) | (s.len ^ pr.len)) == 0 &&
          (pr.len <= 16 || long_[s.key1 - 1] == std::string_view(pr.field, pr.len)))
        return s.key1 - 1;
      if (s.key1 == 0) return insert(pr, i, added);
    }
  }

 private:
  struct Slot {
    std::uint64_t w0 = 0, w1 = 0;
    std::uint32_t len = 0;
    std::uint32_t key1 = 0;  // key + 1; 0 = empty
  };
  // The words of a field (zero-padded) and the rest of a longer one, multiplied so that every
  // byte reaches the high bits (names share long prefixes, "acct...", and differ in a few
  // bytes); the index is taken from the top bits, which every bit of the product reaches.
  static std::uint32_t hash(std::uint64_t w0, std::uint64_t w1, std::size_t len, const char* f) {
    std::uint64_t h = (w0 ^ (w1 * 0xC2B2AE3D27D4EB4Full) ^ len) * 0x9E3779B97F4A7C15ull;
    for (std::size_t i = 16; i < len; i += 8) h = (h ^ low_bytes(load8(f + i), len - i)) * 0xBF58476D1CE4E5B9ull;
    return static_cast<std::uint32_t>(h >> 32);
  }
  __attribute__((noinline)) std::int64_t insert(const Probe& pr, std::size_t i, std::vector<std::string>& added) {
    const std::string_view f(pr.field, pr.len);
    std::size_t account_len;
    if (!detail::plain_account_field(f, account_len)) return -1;
    const auto k = static_cast<std::uint32_t>(long_.size());
    long_.emplace_back(pr.len > 16 ? f : std::string_view{});
    added.emplace_back(f);
    slots_[i] = Slot{pr.w0, pr.w1, pr.len, k + 1};
    // At most a quarter full, so that most fields are found in their first slot (at half full,
    // the longer probes cost a field 3 ns more, a mispredicted branch each); half full past
    // 2^19 slots (16 MB), so that a log of millions of workers does not take a gigabyte.
    const std::size_t slots = mask_ + 1;
    if (long_.size() * (slots < (std::size_t{1} << 19) ? 4 : 2) > slots) rehash();
    return k;
  }
  void resize(std::size_t n) {  // n: a power of two, 2^10 to 2^31
    slots_ = std::make_unique<Slot[]>(n);
    mask_ = n - 1;
    shift_ = 32 - __builtin_ctzll(n);
  }
  void rehash() {  // twice the slots; each field's hash from its words (and long text)
    auto old = std::move(slots_);
    const std::size_t n = mask_ + 1;
    resize(2 * n);
    for (std::size_t j = 0; j < n; ++j) {
      const Slot& s = old[j];
      if (s.key1 == 0) continue;
      // A long field's text is hashed from a copy with room for the word reads past its end.
      char text[64 + 8] = {};
      long_[s.key1 - 1].copy(text, sizeof text);
      std::size_t i = hash(s.w0, s.w1, s.len, text) >> shift_;
      while (slots_[i].key1 != 0) i = (i + 1) & mask_;
      slots_[i] = s;
    }
  }
  std::unique_ptr<Slot[]> slots_;  // mask_ + 1 of them, a power of two, at most a quarter full (half past 2^19)
  std::size_t mask_ = 0;
  int shift_ = 0;  // 32 - log2(slots)
  std::vector<std::string> long_;  // by key: the text of fields over 16 bytes (others empty)
};

// The difficulties of 1 to 8 bytes met last, by their text: a pool's vardiff hands out a few
// values (powers of two, round numbers), so most lines find theirs here and skip the parse.
// Direct-mapped by the text's word; equal words and lengths are equal texts.
class DifficultyCache {
 public:
  // `first8`: the field's first 8 bytes (and what follows, if it is shorter).
  bool get(std::string_view v, std::uint64_t first8, u128& out) {
    const std::size_t len = v.size();
    if (len - 1 >= 8) return detail::fast_difficulty_padded(v, out);
    const std::uint64_t word = first8 & prefix_masks.keep[len].lo;
    Entry& e = entries_[(word * 0x9E3779B97F4A7C15ull) >> 60];
    if (e.word == word && e.len == len) {
      out = e.value;
      return true;
    }
    if (!detail::fast_difficulty_padded(v, out)) return false;
    e = {word, len, out};
    return true;
  }

 private:
  struct Entry {
    std::uint64_t word = 0;
    std::size_t len = 0;  // 0: empty
    u128 value = 0;
  };
  Entry entries_[16];
};

// What one worker keeps from chunk to chunk.
struct WorkerCache {
  std::vector<std::uint32_t> newlines;  // scan_standard's, reused
  FieldKeys fields;
  TimeCache time;
  DifficultyCache difficulty;
};

// Any other column order: the fields are found in order, ncols - 1 commas, then the newline.
// Sets the fields and the offset of the line's newline; false for a line of another shape.
inline bool split_any(const char* b, std::size_t start, const ShareLayout& layout, std::string_view (&f)[3],
                      std::size_t& end) {
  const std::size_t nc = layout.ncols;
  std::size_t at = start;
  for (std::size_t j = 0; j < nc; ++j) {
    const std::size_t len = find_separator(b + at);
    const bool last = j + 1 == nc;
    if (b[at + len] != (last ? '\n' : ',')) return false;
    std::string_view v(b + at, last && len > 0 && b[at + len - 1] == '\r' ? len - 1 : len);
    if (static_cast<int>(j) == layout.col_time) f[0] = v;
    else if (static_cast<int>(j) == layout.col_account) f[1] = v;
    else if (static_cast<int>(j) == layout.col_value) f[2] = v;
    at += len + 1;
  }
  end = at - 1;
  return true;
}

// A line the fast path takes, waiting for its account field's key.
struct Waiting {
  FieldKeys::Probe probe;
  std::uint32_t line;        // index in the batch
  std::uint32_t start, end;  // the line's offset and its newline's, in the chunk
};

// Marks the line from `start` to its newline `end` for the general parsers (or blank).
inline void take_slow_to(const char* b, std::size_t start, std::size_t end, ScannedLine& line) {
  std::size_t to = end;
  if (to > start && b[to - 1] == '\r') --to;
  line.time = static_cast<std::int64_t>(start);
  line.key = static_cast<std::uint32_t>(to - start);
  line.kind = to == start ? ScannedLine::blank : ScannedLine::slow;
}

// The same, finding the newline; returns its offset.
inline std::size_t take_slow(const char* b, std::size_t n, std::size_t start, ScannedLine& line) {
  const auto end = static_cast<std::size_t>(static_cast<const char*>(std::memchr(b + start, '\n', n + 1 - start)) - b);
  take_slow_to(b, start, end, line);
  return end;
}

// The share log as payout writes it and the issue lists it ("time,account,share_difficulty"):
// the line from `start` to its newline `nl` parsed the fast way but for its account field's
// key. False for a line the general parsers must take. A time equal to the previous line's is
// recognised by one compare of its 20 bytes.
inline bool fast_standard_line(const char* b, std::size_t start, std::size_t nl, WorkerCache& w, ScannedLine& line,
                               FieldKeys::Probe& probe) {
  const char* const q = b + start;
  std::size_t t = 20;
  if (q[20] == ',' && w.time.same20(q)) {
    line.time = w.time.value;
  } else {
    t = find_separator(q);
    if (q[t] != ',' || !w.time.get({q, t}, line.time)) return false;
  }
  const char* const a = q + t + 1;
  Bytes16 first;
  const std::size_t alen = find_field_end(a, first);  // stops at nl at the latest
  if (a[alen] != ',') return false;
  const char* const v = a + alen + 1;
  auto vlen = static_cast<std::size_t>(b + nl - v);
  if (b[nl - 1] == '\r') --vlen;  // b[nl - 1] is the comma before v at the least
  if (!w.difficulty.get({v, vlen}, load8(v), line.difficulty)) return false;
  return w.fields.probe(a, alen, first, probe);
}

// The other layouts' line at `start`, as fast_standard_line.
inline bool fast_any_line(const char* b, std::size_t start, const ShareLayout& layout, WorkerCache& w,
                          ScannedLine& line, FieldKeys::Probe& probe, std::size_t& end) {
  std::string_view f[3];
  if (!split_any(b, start, layout, f, end)) return false;
  const Bytes16 account{load8(f[1].data()), load8(f[1].data() + 8)};
  return w.time.get(f[0], line.time) && w.difficulty.get(f[2], load8(f[2].data()), line.difficulty) &&
         w.fields.probe(f[1].data(), f[1].size(), account, probe);
}

// The account fields of a batch of lines, looked up after the batch was parsed (their slots
// were asked for meanwhile); a field the general path must refuse sends its line there.
// Returns false if one did.
inline bool look_up_fields(const char* b, ScannedLine* out, const Waiting* waiting, std::size_t nwait,
                           WorkerCache& w, ScanChunk& c) {
  bool all = true;
  for (std::size_t k = 0; k < nwait; ++k) {
    ScannedLine& line = out[waiting[k].line];
    const std::int64_t key = w.fields.key(waiting[k].probe, c.new_fields);
    if (key >= 0) {
      line.key = static_cast<std::uint32_t>(key);
    } else {
      take_slow_to(b, waiting[k].start, waiting[k].end, line);
      all = false;
    }
  }
  return all;
}

constexpr std::size_t batch = 32;

// The standard layout: the chunk's newlines are listed first (find_newlines), then each line
// is parsed from its start to its end.
template <typename FindNewlines>
inline void scan_standard(ScanChunk& c, WorkerCache& w, FindNewlines find_newlines) {
  char* const b = c.bytes.get();
  const std::size_t n = c.size;
  auto& nls = w.newlines;
  if (nls.size() < n + 8) nls.resize(n + 8);
  const std::size_t count = find_newlines(b, n + 1, nls.data());  // b[n]: a newline added, or 0
  Waiting waiting[batch];
  std::size_t start = 0, j = 0;
  bool ordered = count > 0;
  std::int64_t last = INT64_MIN;
  while (j < count) {
    ScannedLine* const out = c.lines.room(batch);
    const std::size_t lines = std::min(batch, count - j);
    std::size_t nwait = 0;
    for (std::size_t l = 0; l < lines; ++l, ++j) {
      ScannedLine& line = out[l];
      Waiting& wt = waiting[nwait];
      const std::uint32_t nl = nls[j];
      if (fast_standard_line(b, start, nl, w, line, wt.probe)) {
        line.kind = ScannedLine::fast;  // unless the lookup refuses the field
        ordered &= line.time >= last;
        last = line.time;
        wt.line = static_cast<std::uint32_t>(l);
        wt.start = static_cast<std::uint32_t>(start);
        wt.end = nl;
        ++nwait;
      } else {
        take_slow_to(b, start, nl, line);
        ordered = false;
      }
      start = nl + 1;
    }
    ordered &= look_up_fields(b, out, waiting, nwait, w, c);
    c.lines.commit(lines);
  }
  c.ordered = ordered;
}

// Any other layout: each line's fields are found in turn.
void scan_any(ScanChunk& c, const ShareLayout& layout, WorkerCache& w) {
  char* const b = c.bytes.get();
  const std::size_t n = c.size;
  Waiting waiting[batch];
  std::size_t start = 0;
  while (start < n) {
    ScannedLine* const out = c.lines.room(batch);
    std::size_t lines = 0, nwait = 0;
    for (; lines < batch && start < n; ++lines) {
      ScannedLine& line = out[lines];
      Waiting& wt = waiting[nwait];
      std::size_t end;
      if (fast_any_line(b, start, layout, w, line, wt.probe, end)) {
        line.kind = ScannedLine::fast;
        wt.line = static_cast<std::uint32_t>(lines);
        wt.start = static_cast<std::uint32_t>(start);
        wt.end = static_cast<std::uint32_t>(end);
        ++nwait;
      } else {
        end = take_slow(b, n, start, line);
      }
      start = end + 1;
    }
    look_up_fields(b, out, waiting, nwait, w, c);
    c.lines.commit(lines);
  }
  // Whether the consumer may take the chunk's shares as they are, in bulk.
  bool ordered = c.lines.size() > 0;
  std::int64_t last = INT64_MIN;
  for (const ScannedLine& l : c.lines) {
    ordered &= l.kind == ScannedLine::fast && l.time >= last;
    last = l.time;
  }
  c.ordered = ordered;
}

bool cpu_has_avx2() {
#ifdef HS_SCAN_AVX2
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("popcnt");
#else
  return false;
#endif
}

// The newline finder: AVX2 where the CPU has it, unless HS_SCAN_CODE names one (portable or
// avx2) for comparisons and tests. Only the finder differs: the rest, compiled for AVX2 as
// well, measured no faster.
bool use_avx2() {
  const bool has = cpu_has_avx2();
  const char* force = std::getenv("HS_SCAN_CODE");
  if (!force || !*force) return has;
  if (std::string_view(force) == "portable") return false;
  if (std::string_view(force) == "avx2" && has) return true;
  throw Error(exit_code::usage,
              "HS_SCAN_CODE: \"" + std::string(force) + "\" is not one of portable, avx2 that this CPU has");
}

void scan_standard_with(ScanChunk& c, WorkerCache& w, bool avx2) {
#ifdef HS_SCAN_AVX2
  if (avx2) return scan_standard(c, w, find_newlines_avx2);
#endif
  (void)avx2;
  scan_standard(c, w, find_newlines);
}

// Splits and parses a chunk's lines (see share_scan.hpp). Lines go in batches: first each
// line's fields are found, its time and difficulty parsed and its account field's slot asked
// for; then the batch's fields are looked up.
void scan_chunk(ScanChunk& c, const ShareLayout& layout, bool avx2, WorkerCache& w) {
  char* const b = c.bytes.get();
  const std::size_t n = c.size;
  // A last line without its newline gets one in the slack, so every line ends in one.
  if (n > 0 && b[n - 1] != '\n') b[n] = '\n';
  c.lines.clear();
  const bool standard = layout.ncols == 3 && layout.col_time == 0 && layout.col_account == 1 && layout.col_value == 2;
  if (standard && n < UINT32_MAX - 64) scan_standard_with(c, w, avx2);  // offsets fit its 32-bit list
  else scan_any(c, layout, w);
}

}  // namespace

struct ShareScanner::State {
  ShareLayout layout;
  bool avx2 = false;  // the newline finder (use_avx2)
  unsigned nworkers = 1;
  std::size_t nslots = 4;

  // The input, taken in turn (src_mu).
  std::mutex src_mu;
  std::unique_ptr<InputFile> in;
  std::string carry;  // a line begun in the previous chunk
  bool at_eof = false, input_done = false;
  std::uint64_t next_seq = 0;

  // The chunks in flight: chunk `seq` lives in slots[seq % nslots] (mu).
  std::mutex mu;
  std::condition_variable to_workers, to_consumer;
  std::vector<ScanChunk> slots;
  std::vector<char> ready;
  std::uint64_t released = 0;  // chunks the consumer has handed back
  bool stopping = false;
  std::vector<std::thread> threads;
  bool reads_never_block = false;  // a regular file: no worker can be left waiting in a read

  // Whole lines into c (a line longer than a chunk grows it). Under src_mu.
  void read_chunk(ScanChunk& c) {
    c.error = nullptr;
    c.new_fields.clear();
    std::size_t n = 0, complete = 0;
    try {
      for (;;) {
        if (const std::size_t need = std::max(chunk_bytes, 2 * carry.size()); c.cap < need) {
          c.bytes = std::make_unique<char[]>(need + slack);
          c.cap = need;
        }
        std::memcpy(c.bytes.get(), carry.data(), carry.size());
        n = carry.size();
        while (n < c.cap && !at_eof) {
          std::size_t got = in->read(c.bytes.get() + n, c.cap - n);
          if (got == 0) at_eof = true;
          n += got;
        }
        if (at_eof) {
          complete = n;
          break;
        }
        const char* nl = static_cast<const char*>(memrchr(c.bytes.get(), '\n', n));
        if (nl) {
          complete = static_cast<std::size_t>(nl - c.bytes.get()) + 1;
          break;
        }
        carry.assign(c.bytes.get(), n);  // no line end in a full chunk: grow it and read on
      }
    } catch (...) {
      c.error = std::current_exception();
      complete = n;  // the lines read before the error are still taken, then the error
      at_eof = true;
    }
    carry.assign(c.bytes.get() + complete, n - complete);
    std::memset(c.bytes.get() + complete, 0, slack);
    c.size = complete;
    c.last = at_eof && carry.empty();
    c.unterminated = c.last && !c.error && complete > 0 && c.bytes[complete - 1] != '\n';
    if (c.last) input_done = true;
  }

  void work(unsigned id) {
    WorkerCache cache;
    for (;;) {
      std::unique_lock src(src_mu);
      if (input_done) return;
      const std::uint64_t seq = next_seq;
      {
        std::unique_lock lock(mu);
        to_workers.wait(lock, [&] { return stopping || seq < released + nslots; });
        if (stopping) return;
      }
      ScanChunk& c = slots[seq % nslots];
      read_chunk(c);
      ++next_seq;
      src.unlock();
      c.worker = id;
      try {
        scan_chunk(c, layout, avx2, cache);
      } catch (...) {  // out of memory: the consumer stops at this chunk
        c.error = std::current_exception();
        c.last = true;
      }
      {
        std::lock_guard lock(mu);
        ready[seq % nslots] = 1;
      }
      to_consumer.notify_all();
    }
  }
};

ShareScanner::ShareScanner(std::unique_ptr<InputFile> in, std::string carry, ShareLayout layout, unsigned workers)
    : state_(std::make_shared<State>()) {
  auto& s = *state_;
  s.layout = layout;
  s.avx2 = use_avx2();
  s.reads_never_block = in->regular_file();
  s.in = std::move(in);
  s.carry = std::move(carry);
  if (workers == 0) workers = std::min(max_workers, std::max(1u, std::thread::hardware_concurrency()));
  s.nworkers = workers;
  s.nslots = 2 * workers + 2;
  s.slots.resize(s.nslots);
  s.ready.assign(s.nslots, 0);
  // Each worker holds the state too, so that one left in a read of a slow pipe (the run
  // stopped on an error) is never waited for: it sees `stopping` when its read returns.
  for (unsigned i = 0; i < workers; ++i) s.threads.emplace_back([st = state_, i] { st->work(i); });
}

ShareScanner::~ShareScanner() {
  auto& s = *state_;
  {
    std::lock_guard lock(s.mu);
    s.stopping = true;
  }
  s.to_workers.notify_all();
  // After the last chunk the workers have nothing left but to return, and over a regular file
  // a read in progress ends soon: wait for them then, so that nothing they hold outlives the
  // scanner. Only a run stopped early on a pipe detaches them (a worker may be blocked in a
  // read until the writer sends more); it sees `stopping` and returns when its read does.
  for (auto& t : s.threads) {
    if (ended_ || s.reads_never_block) t.join();
    else t.detach();
  }
}

unsigned ShareScanner::workers() const { return state_->nworkers; }

const ScanChunk* ShareScanner::next() {
  if (ended_) return nullptr;
  auto& s = *state_;
  std::unique_lock lock(s.mu);
  if (started_) {
    const ScanChunk& prev = s.slots[s.released % s.nslots];
    if (prev.last) {
      ended_ = true;
      return nullptr;
    }
    s.ready[s.released % s.nslots] = 0;
    ++s.released;
    s.to_workers.notify_all();
  }
  started_ = true;
  s.to_consumer.wait(lock, [&] { return s.ready[s.released % s.nslots] != 0; });
  return &s.slots[s.released % s.nslots];
}

}  // namespace hs::ledger
