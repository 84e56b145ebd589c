#include "ledger/share_scan.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

#include "ledger/share_fields.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
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

// The last time field's text and value ("YYYY-MM-DDTHH:MM:SSZ", the one form fast_time takes):
// the shares of one second repeat it, and those of the next seconds differ in the seconds only.
struct TimeCache {
  char text[24] = {};
  std::size_t len = 0;  // 20 once a time was parsed
  std::int64_t value = 0;
  unsigned second = 0;  // value's seconds within its minute
  // p[0, 20) == text[0, 20) (when len is 20): three loads.
  bool same20(const char* p) const {
    std::uint32_t a4, b4;
    std::memcpy(&a4, p + 16, 4);
    std::memcpy(&b4, text + 16, 4);
    return ((load8(p) ^ load8(text)) | (load8(p + 8) ^ load8(text + 8)) | (a4 ^ b4)) == 0;
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
// usual field is found by two word compares in one slot; longer ones are also compared whole.
// Every field is validated once, when first met.
class FieldKeys {
 public:
  FieldKeys() : slots_(1024) {}
  // A field's words and hash, computed (and its slot asked for) ahead of key(): the table
  // outgrows the cache with a pool's workers, so the lookups of a batch of lines overlap.
  struct Probe {
    std::uint64_t w0 = 0, w1 = 0, hash = 0;
    std::string_view field;
  };
  // False for a field the fast path does not take by its length alone.
  bool probe(std::string_view f, Probe& pr) const {
    const std::size_t len = f.size();
    if (len == 0 || len > 64) return false;
    pr.field = f;
    pr.w0 = low_bytes(load8(f.data()), len);
    pr.w1 = len > 8 ? low_bytes(load8(f.data() + 8), len - 8) : 0;
    std::uint64_t h = start_hash(pr.w0, pr.w1, len);
    for (std::size_t i = 16; i < len; i += 8) h = more_hash(h, low_bytes(load8(f.data() + i), len - i));
    pr.hash = end_hash(h);
    __builtin_prefetch(slots_.data() + (pr.hash & (slots_.size() - 1)));
    return true;
  }
  // The field's key, or -1 for a field the fast path does not take; a new field is appended
  // to `added`.
  std::int64_t key(const Probe& pr, std::vector<std::string>& added) {
    const std::string_view f = pr.field;
    const std::size_t len = f.size();
    std::size_t mask = slots_.size() - 1, i = pr.hash & mask;
    for (; slots_[i].key1 != 0; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.w0 == pr.w0 && s.w1 == pr.w1 && s.len == len && (len <= 16 || long_[s.key1 - 1] == f)) return s.key1 - 1;
    }
    std::size_t account_len;
    if (!detail::plain_account_field(f, account_len)) return -1;
    const auto k = static_cast<std::uint32_t>(long_.size());
    long_.emplace_back(len > 16 ? f : std::string_view{});
    added.emplace_back(f);
    slots_[i] = Slot{pr.w0, pr.w1, static_cast<std::uint32_t>(len), k + 1};
    if (long_.size() * 2 > slots_.size()) grow();
    return k;
  }

 private:
  // The words of a field (zero-padded), mixed so that every byte reaches the low bits the
  // table indexes by: names share long prefixes ("acct...") and differ in a few bytes.
  static std::uint64_t start_hash(std::uint64_t w0, std::uint64_t w1, std::size_t len) {
    return (w0 * 0x9E3779B97F4A7C15ull) ^ (w1 * 0xC2B2AE3D27D4EB4Full) ^ len;
  }
  static std::uint64_t more_hash(std::uint64_t h, std::uint64_t w) { return (h ^ w) * 0xBF58476D1CE4E5B9ull; }
  static std::uint64_t end_hash(std::uint64_t h) {  // MurmurHash3's 64-bit finalizer
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
    return h;
  }
  struct Slot {
    std::uint64_t w0 = 0, w1 = 0;
    std::uint32_t len = 0;
    std::uint32_t key1 = 0;  // key + 1; 0 = empty
  };
  void grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.key1 == 0) continue;
      // Rehash from the slot's words (and the long text), as key() hashes.
      std::uint64_t h = start_hash(s.w0, s.w1, s.len);
      const std::string& f = long_[s.key1 - 1];
      for (std::size_t i = 16; i < s.len; i += 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, f.data() + i, std::min<std::size_t>(8, s.len - i));
        h = more_hash(h, w);
      }
      h = end_hash(h);
      std::size_t i = h & mask;
      while (slots_[i].key1 != 0) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }
  std::vector<Slot> slots_;         // size a power of two, at most half full
  std::vector<std::string> long_;  // by key: the text of fields over 16 bytes (others empty)
};

// The difficulties of 1 to 8 bytes met last, by their text: a pool's vardiff hands out a few
// values (powers of two, round numbers), so most lines find theirs here and skip the parse.
// Direct-mapped by the text's word; equal words and lengths are equal texts.
class DifficultyCache {
 public:
  bool get(std::string_view v, u128& out) {
    const std::size_t len = v.size();
    if (len - 1 >= 8) return detail::fast_difficulty_padded(v, out);
    const std::uint64_t word = low_bytes(load8(v.data()), len);
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
  FieldKeys fields;
  TimeCache time;
  DifficultyCache difficulty;
};

// A line's three fields (time, account, value), and the offset of its newline.
struct LineFields {
  std::string_view time, account, value;
  std::size_t end = 0;
  bool same_time = false;  // the time is the previous line's (TimeCache's value)
};

// The share log as payout writes it and the issue lists it ("time,account,share_difficulty"):
// the time first, then the account, then the value. A time equal to the previous line's is
// recognised by a compare of its 20 bytes, without searching for its end.
inline bool split_standard(const char* b, std::size_t start, const TimeCache& tc, LineFields& f) {
  const char* q = b + start;
  std::size_t t;
  if (tc.len == 20 && q[20] == ',' && tc.same20(q)) t = 20, f.same_time = true;
  else if (t = find_separator(q); q[t] != ',') return false;
  const std::size_t a0 = t + 1, a = find_separator(q + a0);
  if (q[a0 + a] != ',') return false;
  const std::size_t v0 = a0 + a + 1, v = find_separator(q + v0);
  if (q[v0 + v] != '\n') return false;
  f.time = {q, t};
  f.account = {q + a0, a};
  f.value = {q + v0, v > 0 && q[v0 + v - 1] == '\r' ? v - 1 : v};
  f.end = start + v0 + v;
  return true;
}

// Any other column order: the fields are found in order, ncols - 1 commas, then the newline.
inline bool split_any(const char* b, std::size_t start, const ShareLayout& layout, LineFields& f) {
  const std::size_t nc = layout.ncols;
  std::size_t at = start;
  for (std::size_t j = 0; j < nc; ++j) {
    const std::size_t len = find_separator(b + at);
    const bool last = j + 1 == nc;
    if (b[at + len] != (last ? '\n' : ',')) return false;
    std::string_view v(b + at, last && len > 0 && b[at + len - 1] == '\r' ? len - 1 : len);
    if (static_cast<int>(j) == layout.col_time) f.time = v;
    else if (static_cast<int>(j) == layout.col_account) f.account = v;
    else if (static_cast<int>(j) == layout.col_value) f.value = v;
    at += len + 1;
  }
  f.end = at - 1;
  return true;
}

// Splits and parses a chunk's lines (see share_scan.hpp). A line is plain when its fields,
// found in order by find_separator, end in ncols - 1 commas and then its newline. Lines go in
// batches: first each line's fields are found, its time and difficulty parsed and its account
// field's slot asked for; then the batch's fields are looked up.
void scan_chunk(ScanChunk& c, const ShareLayout& layout, WorkerCache& w) {
  char* const b = c.bytes.get();
  const std::size_t n = c.size;
  // A last line without its newline gets one in the slack, so every line ends in one.
  if (n > 0 && b[n - 1] != '\n') b[n] = '\n';
  const bool standard = layout.ncols == 3 && layout.col_time == 0 && layout.col_account == 1 && layout.col_value == 2;
  c.lines.clear();
  c.lines.reserve(n / 24 + 1);
  constexpr std::size_t batch = 32;
  FieldKeys::Probe probes[batch];
  std::size_t waiting[batch], starts[batch], ends[batch];  // each probe's line: index, offsets
  std::size_t start = 0;
  while (start < n) {
    std::size_t nprobes = 0;
    for (std::size_t l = 0; l < batch && start < n; ++l) {
      ScannedLine& line = c.lines.emplace_back();
      LineFields f;
      if (standard ? split_standard(b, start, w.time, f) : split_any(b, start, layout, f)) {
        if ((f.same_time ? (line.time = w.time.value, true) : w.time.get(f.time, line.time)) &&
            w.difficulty.get(f.value, line.difficulty) && w.fields.probe(f.account, probes[nprobes])) {
          starts[nprobes] = start;
          ends[nprobes] = f.end;
          waiting[nprobes++] = c.lines.size() - 1;
          line.kind = ScannedLine::fast;  // unless the lookup refuses the field
        } else {
          line.kind = ScannedLine::slow;
        }
      } else {
        f.end = static_cast<std::size_t>(static_cast<const char*>(std::memchr(b + start, '\n', n + 1 - start)) - b);
        line.kind = ScannedLine::slow;
      }
      if (line.kind == ScannedLine::slow) {
        std::size_t to = f.end;
        if (to > start && b[to - 1] == '\r') --to;
        line.time = static_cast<std::int64_t>(start);
        line.key = static_cast<std::uint32_t>(to - start);
        if (to == start) line.kind = ScannedLine::blank;
      }
      start = f.end + 1;
    }
    for (std::size_t k = 0; k < nprobes; ++k) {
      ScannedLine& line = c.lines[waiting[k]];
      const std::int64_t key = w.fields.key(probes[k], c.new_fields);
      if (key >= 0) {
        line.key = static_cast<std::uint32_t>(key);
      } else {  // a field the general path must refuse, with its message
        line.kind = ScannedLine::slow;
        const std::size_t from = starts[k], to = ends[k] - (b[ends[k] - 1] == '\r' ? 1 : 0);
        line.time = static_cast<std::int64_t>(from);
        line.key = static_cast<std::uint32_t>(to - from);
      }
    }
  }
}

}  // namespace

struct ShareScanner::State {
  ShareLayout layout;
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
        scan_chunk(c, layout, cache);
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
  // After the last chunk the workers have nothing left but to return: wait for them then.
  for (auto& t : s.threads) {
    if (ended_) t.join();
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
