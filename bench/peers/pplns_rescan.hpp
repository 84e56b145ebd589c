#pragma once
// The straightforward PPLNS (and TIDES): for every block, reread the share log from the start
// up to the block and recompute its window. The peer of bench/payout.sh, and the unit tests'
// independent oracle for the sliding window of lib/ledger/schemes.cpp (run_scheme), whose rows
// it must equal. Not part of the library: nobody pays out this way (hours on a large log).
#include <functional>
#include <string>
#include <vector>

#include "ledger/inputs.hpp"
#include "ledger/schemes.hpp"

namespace hs::bench {

// params.scheme must be a window scheme (pplns or tides).
void pplns_rescan(const std::vector<ledger::Block>& blocks, const std::string& shares_path,
                  const ledger::SchemeParams& params,
                  const std::function<void(const ledger::Block&, std::vector<ledger::CreditRow>&)>& emit);

}  // namespace hs::bench
