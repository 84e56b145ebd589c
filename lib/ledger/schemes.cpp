#include "ledger/schemes.hpp"

#include <algorithm>
#include <deque>
#include <unordered_map>

#include "core/error.hpp"

namespace hs::ledger {

Scheme parse_scheme(std::string_view name) {
  if (name == "pps") return Scheme::pps;
  if (name == "fpps") return Scheme::fpps;
  if (name == "pplns") return Scheme::pplns;
  if (name == "prop") return Scheme::prop;
  if (name == "solo") return Scheme::solo;
  if (name == "tides") return Scheme::tides;
  throw Error(exit_code::usage, "--scheme: expected pps, fpps, pplns, prop, solo or tides, got \"" + std::string(name) + "\"");
}

std::string_view to_string(Scheme s) {
  switch (s) {
    case Scheme::pps: return "pps";
    case Scheme::fpps: return "fpps";
    case Scheme::pplns: return "pplns";
    case Scheme::prop: return "prop";
    case Scheme::solo: return "solo";
    case Scheme::tides: return "tides";
  }
  return "?";
}

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

namespace {

// The PPLNS window: shares newest last, per-account sums, trimmed from the front while what
// remains still covers `need` (so the oldest share kept may straddle the boundary).
class Window {
 public:
  void push(const Share& s) {
    if (s.account >= sums_.size()) sums_.resize(s.account + 1, 0);
    sums_[s.account] += s.difficulty;
    total_ = add(total_, s.difficulty);
    q_.push_back(s);
  }
  void trim(u128 need) {
    while (!q_.empty() && total_ - q_.front().difficulty >= need) {
      sums_[q_.front().account] -= q_.front().difficulty;
      total_ -= q_.front().difficulty;
      q_.pop_front();
    }
  }
  // Account weights of exactly the newest `wnd` difficulty (or all there is, if less): the
  // excess over wnd is cut from the oldest shares. Returns the difficulty counted.
  u128 weights(u128 wnd, const AccountTable& accounts, std::vector<Party>& out) {
    cut_.clear();
    u128 excess = total_ > wnd ? total_ - wnd : 0;
    for (std::size_t k = 0; excess > 0 && k < q_.size(); ++k) {
      u128 c = std::min(excess, q_[k].difficulty);
      cut_[q_[k].account] += c;
      excess -= c;
    }
    out.clear();
    for (std::uint32_t a = 0; a < sums_.size(); ++a) {
      if (sums_[a] == 0) continue;
      u128 w = sums_[a];
      if (auto it = cut_.find(a); it != cut_.end()) w -= it->second;
      if (w > 0) out.push_back({accounts.name(a), w});
    }
    return std::min(total_, wnd);
  }

 private:
  std::deque<Share> q_;
  std::vector<u128> sums_;
  u128 total_ = 0;
  std::unordered_map<std::uint32_t, u128> cut_;
};

u128 window_of(const Block& b, const SchemeParams& p) {
  u128 x = p.scheme == Scheme::tides ? 8 * scale : p.window_x;
  u128 w = mul(x, b.network_difficulty) / scale;
  if (w == 0) throw_data_error(b.loc, "network_difficulty", "PPLNS window X*D rounds to zero");
  return w;
}

std::vector<CreditRow> pplns_rows(const Block& b, Window& win, const AccountTable& accounts, const SchemeParams& p,
                                  std::vector<Party>& parties) {
  u128 wnd = window_of(b, p);
  u128 counted = win.weights(wnd, accounts, parties);
  u128 unassigned = 0;
  if (counted < wnd && (p.unfilled == Unfilled::pool || counted == 0)) unassigned = wnd - counted;
  return split_with_fee(b.reward(), parties, unassigned, p.fee_bps);
}

}  // namespace

void run_scheme(const std::vector<Block>& blocks, ShareReader& shares, const AccountTable& accounts,
                const SchemeParams& p, const std::function<void(const Block&, std::vector<CreditRow>&)>& emit) {
  const bool windowed = p.scheme == Scheme::pplns || p.scheme == Scheme::tides;
  // Suffix maximum of the window sizes, so trimming for this block keeps what later ones need.
  std::vector<u128> need(blocks.size() + 1, 0);
  if (windowed)
    for (std::size_t i = blocks.size(); i-- > 0;) need[i] = std::max(need[i + 1], window_of(blocks[i], p));

  Window win;
  std::vector<u128> round;               // per-account difficulty of the current round
  std::vector<std::uint32_t> touched;    // accounts with round > 0
  u128 round_total = 0;
  bool have_last = false;
  std::uint32_t last_account = 0;
  std::deque<const Block*> fee_blocks;  // FPPS trailing window (not orphaned)
  std::vector<Party> parties;

  Share s;
  bool have = shares.next(s);
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const Block& b = blocks[i];
    while (have && s.time <= b.time) {
      if (windowed) {
        win.push(s);
        win.trim(need[i]);
      } else {
        if (s.account >= round.size()) round.resize(s.account + 1, 0);
        if (round[s.account] == 0) touched.push_back(s.account);
        round[s.account] = add(round[s.account], s.difficulty);
        round_total = add(round_total, s.difficulty);
        have_last = true;
        last_account = s.account;
      }
      have = shares.next(s);
    }
    std::vector<CreditRow> rows;
    auto round_parties = [&] {
      parties.clear();
      for (auto a : touched) parties.push_back({accounts.name(a), round[a]});
    };
    switch (p.scheme) {
      case Scheme::pplns:
      case Scheme::tides: rows = pplns_rows(b, win, accounts, p, parties); break;
      case Scheme::prop:
        round_parties();
        rows = split_with_fee(b.reward(), parties, round_total == 0 ? 1 : 0, p.fee_bps);
        break;
      case Scheme::solo: {
        parties.clear();
        if (!b.finder.empty()) parties.push_back({b.finder, 1});
        else if (have_last) parties.push_back({accounts.name(last_account), 1});
        rows = split_with_fee(b.reward(), parties, parties.empty() ? 1 : 0, p.fee_bps);
        break;
      }
      case Scheme::pps:
      case Scheme::fpps: {
        // Expected value of the round's shares: T = floor(V * S / (k * D)), where V = k * subsidy
        // (PPS, k = 1) or k * subsidy + the fees of the k trailing blocks (FPPS).
        u128 k = 1, v = static_cast<u128>(b.subsidy_sats);
        if (p.scheme == Scheme::fpps) {
          if (b.status != BlockStatus::orphaned) fee_blocks.push_back(&b);
          while (fee_blocks.size() > p.fee_window) fee_blocks.pop_front();
          u128 fees = 0;
          for (auto* fb : fee_blocks) fees += static_cast<u128>(fb->fees_sats);
          k = fee_blocks.empty() ? 1 : fee_blocks.size();
          if (fee_blocks.empty()) fees = static_cast<u128>(b.fees_sats);
          v = add(mul(v, k), fees);
        }
        u128 t = mul(v, round_total) / mul(k, b.network_difficulty);
        if (t > static_cast<u128>(INT64_MAX / 4)) throw_data_error(b.loc, "network_difficulty", "PPS amount out of range");
        auto owed = static_cast<std::int64_t>(t);
        round_parties();
        if (owed > 0) rows = split_with_fee(owed, parties, 0, p.fee_bps);
        if (b.reward() - owed != 0) rows.push_back({std::string(pool_account), b.reward() - owed, "remainder"});
        break;
      }
    }
    emit(b, rows);
    for (auto a : touched) round[a] = 0;
    touched.clear();
    round_total = 0;
  }
}

void run_pplns_rescan(const std::vector<Block>& blocks, const std::string& shares_path, const SchemeParams& p,
                      const std::function<void(const Block&, std::vector<CreditRow>&)>& emit) {
  std::vector<Party> parties;
  for (const Block& b : blocks) {
    AccountTable accounts;
    ShareReader shares(shares_path, accounts);
    Window win;
    u128 wnd = window_of(b, p);
    Share s;
    while (shares.next(s) && s.time <= b.time) {
      win.push(s);
      win.trim(wnd);
    }
    auto rows = pplns_rows(b, win, accounts, p, parties);
    emit(b, rows);
  }
}

}  // namespace hs::ledger
