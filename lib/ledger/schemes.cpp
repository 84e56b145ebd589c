#include "ledger/schemes.hpp"

#include <algorithm>
#include <deque>
#include <optional>

#include "core/error.hpp"
#include "core/time.hpp"
#include "ledger/block_rows.hpp"
#include "ledger/share_scan.hpp"

namespace hs::ledger {

std::vector<CreditRow> split_with_fee(std::int64_t total, std::vector<Party> accounts, u128 unassigned,
                                      std::uint32_t fee_bps) {
  std::sort(accounts.begin(), accounts.end(), [](const Party& a, const Party& b) { return a.name < b.name; });
  const u128 keep = 10000 - fee_bps;
  u128 base = unassigned;
  for (auto& p : accounts) {
    base = add(base, p.weight);
    p.weight = mul(p.weight, keep);
  }
  std::vector<std::string> kinds(accounts.size(), "reward");
  accounts.push_back({std::string(fee_account), mul(base, fee_bps)});
  kinds.emplace_back("fee");
  accounts.push_back({std::string(unassigned_account), mul(unassigned, keep)});
  kinds.emplace_back("unassigned");
  std::vector<CreditRow> rows;
  if (total == 0) return rows;
  auto parts = split_largest_remainder(total, accounts);
  for (std::size_t i = 0; i < parts.size(); ++i)
    if (parts[i] != 0) rows.push_back({std::move(accounts[i].name), parts[i], kinds[i]});
  return rows;
}

u128 pplns_window(const Block& b, const SchemeParams& p) {
  const std::uint64_t fixed = scheme_info(p.scheme).fixed_window_x;
  const u128 x = fixed ? u128{fixed} : p.window_x;
  return mul(x, b.network_difficulty);  // both scaled by 10^8: the product is in 10^-16 units
}

u128 window_shares_needed(u128 window) { return window / scale + (window % scale != 0); }

WindowUnits window_units(u128 window) {
  if (window % scale == 0) return {window / scale, 1};
  return {window, scale};
}

namespace {

// Account ids in ascending name order, kept current as accounts appear: the new ones are
// sorted among themselves and merged in, so a block costs O(accounts), not a sort by name.
class NameOrder {
 public:
  void update(const AccountTable& accounts) {
    const std::size_t old = ids_.size();
    if (accounts.size() == old) return;
    for (std::size_t id = old; id < accounts.size(); ++id) ids_.push_back(static_cast<std::uint32_t>(id));
    auto by_name = [&](std::uint32_t a, std::uint32_t b) { return accounts.name(a) < accounts.name(b); };
    std::sort(ids_.begin() + static_cast<std::ptrdiff_t>(old), ids_.end(), by_name);
    std::inplace_merge(ids_.begin(), ids_.begin() + static_cast<std::ptrdiff_t>(old), ids_.end(), by_name);
    rank_.resize(ids_.size());
    for (std::size_t r = 0; r < ids_.size(); ++r) rank_[ids_[r]] = static_cast<std::uint32_t>(r);
  }
  const std::vector<std::uint32_t>& ids() const { return ids_; }
  std::uint32_t rank(std::uint32_t id) const { return rank_[id]; }

 private:
  std::vector<std::uint32_t> ids_;
  std::vector<std::uint32_t> rank_;  // position of each id in ids_
};

// The PPLNS window slid share by share: a share enters at the head, shares leave at the tail
// while what remains still covers the largest window a later block needs, so each share is
// added and removed once. Per-account sums are a flat array indexed by account id; the shares
// are a ring buffer, contiguous, so the tail is read in order as memory streams it.
class SlidingWindow {
 public:
  // Adds a share. The tail is trimmed to `need` in bulk, every trim_every shares (and by the
  // caller before each block): a tight loop over the ring, apart from the pushes.
  void push(const Share& s, u128 need) {
    if (s.account >= sums_.size()) {
      sums_.resize(s.account + 1, 0);
      cut_.resize(s.account + 1, 0);
    }
    if (size_ == ring_.size()) grow();
    sums_[s.account] += s.difficulty;
    total_ = add(total_, s.difficulty);
    ring_[(head_ + size_++) & mask_] = encode(s.account, s.difficulty);
    if (++pushed_ >= trim_every) trim(need);
  }
  // Adds a run of plain lines (ShareReader::run_until); `accounts`: how many there are now.
  void push_run(const ShareRun& run, std::size_t accounts, u128 need) {
    if (accounts > sums_.size()) {
      sums_.resize(accounts, 0);
      cut_.resize(accounts, 0);
    }
    while (size_ + run.size > ring_.size()) grow();
    // A plain line's difficulty is below 2^87 (share_fields.hpp: at most 18 integer digits), so
    // it fits an entry in place, and a run (at most 2^32 lines) sums without overflow.
    u128 run_total = 0;
    const std::size_t at = head_ + size_;
    for (std::size_t k = 0; k < run.size; ++k) {
      const ScannedLine& l = run.lines[k];
      const std::uint32_t a = run.accounts[l.key];
      sums_[a] += l.difficulty;
      run_total += l.difficulty;
      ring_[(at + k) & mask_] = Entry{static_cast<std::uint64_t>(l.difficulty), a, static_cast<std::uint32_t>(l.difficulty >> 64)};
    }
    size_ += run.size;
    total_ = add(total_, run_total);
    pushed_ += run.size;
    if (pushed_ >= trim_every) trim(need);
  }
  // Drops shares from the tail while what remains still covers `need`.
  // A share may go when total - (what went before it) - its difficulty >= need, that is when
  // the sum of what goes, itself included, is at most total - need: the loop carries only
  // that sum, and the per-account sums are updated beside it.
  void trim(u128 need) {
    pushed_ = 0;
    if (total_ <= need) return;
    const u128 budget = total_ - need;
    u128 dropped = 0;
    std::size_t k = 0, nbig = 0;
    for (; k < size_; ++k) {
      const Entry& e = ring_[(head_ + k) & mask_];
      const u128 d = e.hi == big ? big_[nbig] : e.difficulty();
      if (d > budget - dropped) break;
      nbig += e.hi == big;
      dropped += d;
      sums_[e.account] -= d;
    }
    total_ -= dropped;
    big_.erase(big_.begin(), big_.begin() + static_cast<std::ptrdiff_t>(nbig));
    head_ = (head_ + k) & mask_;
    size_ -= k;
  }
  // Weights of exactly the newest `u.window` difficulty (or all there is), in name order, into
  // the job, each share's 10^-8 units times u.per_share (window_units): the excess over the
  // window is cut from the oldest shares. Returns the difficulty counted, in the same units.
  u128 weights(WindowUnits u, const NameOrder& order, detail::RowJob& job) {
    const u128 wnd = u.window, per_share = u.per_share;
    const u128 total = mul(total_, per_share);
    u128 excess = total > wnd ? total - wnd : 0;
    cut_ids_.clear();
    for (std::size_t k = 0, nbig = 0; excess > 0 && k < size_; ++k) {
      const Entry& e = ring_[(head_ + k) & mask_];
      const u128 d = mul(e.hi == big ? big_[nbig++] : e.difficulty(), per_share);
      u128 c = std::min(excess, d);
      cut_[e.account] += c;
      cut_ids_.push_back(e.account);
      excess -= c;
    }
    for (auto a : order.ids()) {
      if (a >= sums_.size() || sums_[a] == 0) continue;
      u128 w = mul(sums_[a], per_share) - cut_[a];
      if (w > 0) job.party(a, w);
    }
    for (auto a : cut_ids_) cut_[a] = 0;
    return std::min(total, wnd);
  }

 private:
  // A share in 16 bytes (a cache line holds four): difficulties below 2^96 scaled units (about
  // 7.9e20) in place; larger ones, which no pool sees, in big_ (in ring order), marked hi == big.
  struct Entry {
    std::uint64_t lo;
    std::uint32_t account;
    std::uint32_t hi;
    u128 difficulty() const { return static_cast<u128>(hi) << 64 | lo; }
  };
  static constexpr std::uint32_t big = 0xFFFFFFFFu;
  Entry encode(std::uint32_t account, u128 d) {
    if ((d >> 64) < big) return {static_cast<std::uint64_t>(d), account, static_cast<std::uint32_t>(d >> 64)};
    big_.push_back(d);
    return {0, account, big};
  }
  void grow() {  // doubles the ring, the shares in order from index 0
    std::vector<Entry> r(std::max<std::size_t>(1024, ring_.size() * 2));
    for (std::size_t k = 0; k < size_; ++k) r[k] = ring_[(head_ + k) & mask_];
    ring_.swap(r);
    head_ = 0;
    mask_ = ring_.size() - 1;
  }
  static constexpr std::size_t trim_every = 1 << 12;  // the ring holds at most this many more
  std::vector<Entry> ring_;  // size a power of two
  std::deque<u128> big_;
  std::size_t head_ = 0, size_ = 0, mask_ = 0, pushed_ = 0;
  std::vector<u128> sums_, cut_;
  std::vector<std::uint32_t> cut_ids_;
  u128 total_ = 0;
};

// Shares taken from the reader: runs of plain lines in bulk (ShareReader::run_until), others a
// batch at a time through next_in_chunk; either way the scheme's loops run over an array.
class ShareCursor {
 public:
  explicit ShareCursor(ShareReader& r) : reader_(r) {}
  // Takes the shares up to time t (inclusive), in order: runs into on_run(run), the others one
  // by one into on_share(share).
  template <typename S, typename R>
  void take_until(std::int64_t t, S&& on_share, R&& on_run) {
    for (;;) {
      if (at_ < size_) {
        while (at_ < size_ && batch_[at_].time <= t) {
          last_time_ = batch_[at_].time;
          on_share(batch_[at_++]);
        }
        if (at_ < size_) return;  // the next share is after t
        continue;
      }
      ShareRun run;
      switch (reader_.run_until(t, run)) {
        case ShareReader::Run::taken:
          last_time_ = run.lines[run.size - 1].time;
          on_run(run);
          break;
        case ShareReader::Run::after:
          return;
        case ShareReader::Run::end:
          ended_ = true;
          return;
        case ShareReader::Run::other:
          size_ = reader_.next_in_chunk(batch_, std::size(batch_));
          at_ = 0;
          if (size_ == 0) {  // end of input
            ended_ = true;
            return;
          }
          break;
      }
    }
  }
  // Whether the log ended before a share later than the last take_until's time was seen, and
  // the time of the last share taken (nullopt: none yet).
  bool ended() const { return ended_; }
  std::optional<std::int64_t> last_time() const { return last_time_; }

 private:
  ShareReader& reader_;
  Share batch_[256];
  std::size_t at_ = 0, size_ = 0;
  bool ended_ = false;
  std::optional<std::int64_t> last_time_;
};

// A block found after the log's last share means the log stops short (a writer behind, a file
// cut): its shares would be split over the old ones, and credits are permanent. Unless the
// operator says the log is complete up to the block's time, it is refused.
void check_log_reaches(const ShareCursor& cursor, const Block& b, const SchemeParams& p) {
  if (!cursor.ended()) return;
  const auto last = cursor.last_time();
  if (last && *last >= b.time) return;
  if (p.log_complete_until && *p.log_complete_until >= b.time) return;
  const auto at = [](std::int64_t t) { return format_iso8601_utc(UtcTime{std::chrono::seconds{t}}); };
  throw_data_error(b.loc, "time",
                   "block " + std::to_string(b.height) + " at " + at(b.time) + " is after the share log's end (" +
                       (last ? "last share at " + at(*last) : std::string("no shares")) +
                       "): the log is incomplete; if no share came after it, say so with --log-complete-until " +
                       at(b.time));
}

}  // namespace

namespace detail {
// What the schemes' fill functions see of the shares gathered before a block.
struct BlockState {
  const AccountTable& accounts;
  const SchemeParams& p;
  SlidingWindow win;
  NameOrder order;
  std::vector<u128> round;             // per-account difficulty of the current round
  std::vector<std::uint32_t> touched;  // accounts with round > 0
  u128 round_total = 0;
  bool have_last = false;
  std::uint32_t last_account = 0;
  std::deque<const Block*> fee_blocks;  // FPPS trailing window (not orphaned)

  // The round's parties, in name order.
  void round_parties(RowJob& job) {
    order.update(accounts);
    std::sort(touched.begin(), touched.end(), [&](std::uint32_t x, std::uint32_t y) { return order.rank(x) < order.rank(y); });
    for (auto a : touched) job.party(a, round[a]);
  }
};
}  // namespace detail

namespace {
using detail::BlockState;
using detail::RowJob;

// PPLNS and TIDES: the window's newest X * D, an unfilled part to :unassigned or pro rata.
void fill_window(BlockState& st, const Block& b, RowJob& job) {
  const WindowUnits u = window_units(pplns_window(b, st.p));
  const u128 wnd = u.window;
  st.order.update(st.accounts);
  u128 counted = st.win.weights(u, st.order, job);
  if (counted < wnd && (st.p.unfilled == Unfilled::pool || counted == 0)) job.unassigned = wnd - counted;
}

// PROP: the round splits the reward; an empty round leaves it to :unassigned.
void fill_prop(BlockState& st, const Block&, RowJob& job) {
  st.round_parties(job);
  job.unassigned = st.round_total == 0 ? 1 : 0;
}

// SOLO: the finder takes it all (the block's finder, else the last share's account).
void fill_solo(BlockState& st, const Block& b, RowJob& job) {
  if (!b.finder.empty()) job.named = b.finder;
  else if (st.have_last) job.party(st.last_account, 1);
  else job.unassigned = 1;
}

// Expected value of the round's shares: T = floor(V * S / (k * D)), where V = k * subsidy
// (PPS, k = 1) or k * subsidy + the fees of the k trailing blocks (FPPS). The pool keeps R - T.
void fill_expected(BlockState& st, const Block& b, RowJob& job, bool with_fees) {
  u128 k = 1, v = static_cast<u128>(b.subsidy_sats);
  if (with_fees) {
    if (b.status != BlockStatus::orphaned) st.fee_blocks.push_back(&b);
    while (st.fee_blocks.size() > st.p.fee_window) st.fee_blocks.pop_front();
    u128 fees = 0;
    for (auto* fb : st.fee_blocks) fees += static_cast<u128>(fb->fees_sats);
    k = st.fee_blocks.empty() ? 1 : st.fee_blocks.size();
    if (st.fee_blocks.empty()) fees = static_cast<u128>(b.fees_sats);
    v = add(mul(v, k), fees);
  }
  // What the round's shares are owed: more than the bitcoin supply is no amount any block
  // could pay (a network difficulty far too small), refused.
  const auto t = mul_div(v, st.round_total, mul(k, b.network_difficulty));
  if (!t || t->quot > max_sats)
    throw_data_error(b.loc, "network_difficulty",
                     "PPS owes the round's shares " + (t ? to_string(t->quot) + " sats" : std::string("more than 2^128 sats")) +
                         ", more than the 21 million bitcoin there will ever be: the network difficulty is far too small");
  auto owed = static_cast<std::int64_t>(t->quot);
  st.round_parties(job);
  job.split = owed > 0;
  job.amount = owed;
  job.pool_remainder = b.reward() - owed;
}
void fill_pps(BlockState& st, const Block& b, RowJob& job) { fill_expected(st, b, job, false); }
void fill_fpps(BlockState& st, const Block& b, RowJob& job) { fill_expected(st, b, job, true); }

// run_scheme_rows' reading thread: slides the window (or sums the round) up to each block and
// hands the block's parties to the row thread.
void gather_parties(const std::vector<Block>& blocks, ShareReader& shares, const AccountTable& accounts,
                    const SchemeParams& p, detail::RowThread& rows) {
  const SchemeInfo& scheme = scheme_info(p.scheme);
  const bool windowed = scheme.gather == Gather::window;
  // Suffix maximum of the window sizes, so trimming for this block keeps what later ones need.
  std::vector<u128> need(blocks.size() + 1, 0);
  if (windowed)
    for (std::size_t i = blocks.size(); i-- > 0;)
      need[i] = std::max(need[i + 1], window_shares_needed(pplns_window(blocks[i], p)));

  BlockState st{accounts, p, {}, {}, {}, {}, 0, false, 0, {}};
  ShareCursor cursor(shares);
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const Block& b = blocks[i];
    if (windowed) {
      const u128 keep = need[i];
      cursor.take_until(
          b.time, [&](const Share& s) { st.win.push(s, keep); },
          [&](const ShareRun& run) { st.win.push_run(run, accounts.size(), keep); });
      check_log_reaches(cursor, b, p);
      st.win.trim(keep);
    } else {
      auto take = [&](const Share& s) {
        if (s.account >= st.round.size()) st.round.resize(s.account + 1, 0);
        if (st.round[s.account] == 0) st.touched.push_back(s.account);
        st.round[s.account] = add(st.round[s.account], s.difficulty);
        st.round_total = add(st.round_total, s.difficulty);
        st.have_last = true;
        st.last_account = s.account;
      };
      cursor.take_until(b.time, take, [&](const ShareRun& run) {
        for (std::size_t k = 0; k < run.size; ++k) {
          const ScannedLine& l = run.lines[k];
          take(Share{l.time, run.accounts[l.key], l.difficulty});
        }
      });
      check_log_reaches(cursor, b, p);
    }
    RowJob& job = rows.job();
    job.block = &b;
    job.amount = b.reward();
    scheme.fill(st, b, job);
    rows.submit();
    for (auto a : st.touched) st.round[a] = 0;
    st.touched.clear();
    st.round_total = 0;
  }
}

}  // namespace

const std::vector<SchemeInfo>& scheme_table() {
  static const std::vector<SchemeInfo> table = {
      {Scheme::pps, "pps", "pay per share: the round's shares at their expected subsidy; the pool keeps the rest", Gather::round, 0, fill_pps},
      {Scheme::fpps, "fpps", "full pay per share: pps with the trailing blocks' mean fees", Gather::round, 0, fill_fpps},
      {Scheme::pplns, "pplns", "pay per last N shares: the newest X * D of difficulty splits the reward", Gather::window, 0, fill_window},
      {Scheme::prop, "prop", "proportional: the round's shares split the reward", Gather::round, 0, fill_prop},
      {Scheme::solo, "solo", "the finder takes the reward", Gather::round, 0, fill_solo},
      {Scheme::tides, "tides", "pplns with X = 8", Gather::window, 8 * scale, fill_window},
  };
  return table;
}

const SchemeInfo& scheme_info(Scheme s) {
  for (const auto& info : scheme_table())
    if (info.id == s) return info;
  throw Error(exit_code::software, "scheme missing from the scheme table");
}

std::string scheme_names(std::string_view sep, std::string_view last_sep) {
  const auto& t = scheme_table();
  std::string out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (i) out += (i + 1 == t.size() && !last_sep.empty()) ? last_sep : sep;
    out += t[i].name;
  }
  return out;
}

Scheme parse_scheme(std::string_view name) {
  for (const auto& info : scheme_table())
    if (info.name == name) return info.id;
  throw Error(exit_code::usage, "--scheme: expected " + scheme_names(", ", " or ") + ", got \"" + std::string(name) + "\"");
}

std::string_view to_string(Scheme s) { return scheme_info(s).name; }

void run_scheme_rows(const std::vector<Block>& blocks, ShareReader& shares, const AccountTable& accounts,
                     const SchemeParams& p, const RowSink& emit) {
  detail::RowThread rows(accounts, p.fee_bps, emit);
  try {
    gather_parties(blocks, shares, accounts, p, rows);
  } catch (...) {
    rows.fail(std::current_exception());  // the rows of the blocks before are emitted first
  }
  rows.finish();
}

void run_scheme(const std::vector<Block>& blocks, ShareReader& shares, const AccountTable& accounts,
                const SchemeParams& p, const std::function<void(const Block&, std::vector<CreditRow>&)>& emit) {
  std::vector<CreditRow> owned;
  run_scheme_rows(blocks, shares, accounts, p, [&](const Block& b, const std::vector<CreditRowView>& rows) {
    owned.clear();
    for (const auto& r : rows) owned.push_back({std::string(r.account), r.amount_sats, std::string(r.kind)});
    emit(b, owned);
  });
}

}  // namespace hs::ledger
