#pragma once
// payout split --units: an amount split in proportion to compute units (GPU-hours or any
// measure of contributed work), the pool fee taken first, exactly to the satoshi.
#include <cstdint>
#include <string>
#include <vector>

#include "ledger/schemes.hpp"

namespace hs::ledger {

// Sums each account's units in the contribution records at path (time, account, units; - is
// stdin) and splits amount_sats by them after fee_bps, largest remainder, rows in account name
// order then the fee row. No records: the whole amount (less the fee) goes to :unassigned.
std::vector<CreditRow> split_by_units(const std::string& path, std::int64_t amount_sats, std::uint32_t fee_bps);

}  // namespace hs::ledger
