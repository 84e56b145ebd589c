#include "ledger/units.hpp"

#include "ledger/exact.hpp"
#include "ledger/inputs.hpp"

namespace hs::ledger {

std::vector<CreditRow> split_by_units(const std::string& path, std::int64_t amount_sats, std::uint32_t fee_bps) {
  AccountTable accounts;
  ShareReader reader(path, accounts, true);
  std::vector<u128> sums;
  Share s;
  while (reader.next(s)) {
    if (s.account >= sums.size()) sums.resize(s.account + 1, 0);
    sums[s.account] = add(sums[s.account], s.difficulty);
  }
  std::vector<Party> parties;
  for (std::uint32_t a = 0; a < sums.size(); ++a) parties.push_back({accounts.name(a), sums[a]});
  return split_with_fee(amount_sats, parties, parties.empty() ? 1 : 0, fee_bps);
}

}  // namespace hs::ledger
