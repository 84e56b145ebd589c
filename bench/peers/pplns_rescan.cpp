#include "pplns_rescan.hpp"

#include <algorithm>
#include <deque>
#include <unordered_map>

namespace hs::bench {

using ledger::u128;

namespace {

// Kept plain on purpose: shares newest last in a deque, per-account sums, trimmed from the front
// while what remains still covers `need` (so the oldest share kept may straddle the boundary).
class Window {
 public:
  void push(const ledger::Share& s) {
    if (s.account >= sums_.size()) sums_.resize(s.account + 1, 0);
    sums_[s.account] += s.difficulty;
    total_ = ledger::add(total_, s.difficulty);
    q_.push_back(s);
  }
  void trim(u128 need) {
    while (!q_.empty() && total_ - q_.front().difficulty >= need) {
      sums_[q_.front().account] -= q_.front().difficulty;
      total_ -= q_.front().difficulty;
      q_.pop_front();
    }
  }
  // Account weights of exactly the newest `wnd` difficulty (10^-16 units; or all there is, if
  // less): the excess over wnd is cut from the oldest shares. Returns the difficulty counted.
  u128 weights(ledger::WindowUnits u, const ledger::AccountTable& accounts, std::vector<ledger::Party>& out) {
    const u128 wnd = u.window;
    std::unordered_map<std::uint32_t, u128> cut;
    const u128 total = ledger::mul(total_, u.per_share);
    u128 excess = total > wnd ? total - wnd : 0;
    for (std::size_t k = 0; excess > 0 && k < q_.size(); ++k) {
      const u128 c = std::min(excess, ledger::mul(q_[k].difficulty, u.per_share));
      cut[q_[k].account] += c;
      excess -= c;
    }
    out.clear();
    for (std::uint32_t a = 0; a < sums_.size(); ++a) {
      u128 w = ledger::mul(sums_[a], u.per_share);
      if (auto it = cut.find(a); it != cut.end()) w -= it->second;
      if (w > 0) out.push_back({accounts.name(a), w});
    }
    return std::min(total, wnd);
  }

 private:
  std::deque<ledger::Share> q_;
  std::vector<u128> sums_;
  u128 total_ = 0;
};

}  // namespace

void pplns_rescan(const std::vector<ledger::Block>& blocks, const std::string& shares_path,
                  const ledger::SchemeParams& p,
                  const std::function<void(const ledger::Block&, std::vector<ledger::CreditRow>&)>& emit) {
  std::vector<ledger::Party> parties;
  for (const ledger::Block& b : blocks) {
    ledger::AccountTable accounts;
    ledger::ShareReader shares(shares_path, accounts);
    Window win;
    const u128 fine = ledger::pplns_window(b, p);
    const ledger::WindowUnits units = ledger::window_units(fine);
    const u128 wnd = units.window;
    ledger::Share s;
    while (shares.next(s) && s.time <= b.time) {
      win.push(s);
      win.trim(ledger::window_shares_needed(fine));
    }
    const u128 counted = win.weights(units, accounts, parties);
    u128 unassigned = 0;
    if (counted < wnd && (p.unfilled == ledger::Unfilled::pool || counted == 0)) unassigned = wnd - counted;
    auto rows = ledger::split_with_fee(b.reward(), parties, unassigned, p.fee_bps);
    emit(b, rows);
  }
}

}  // namespace hs::bench
