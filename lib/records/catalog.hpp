#pragma once
// Record types, one file per tool's domain. Each function returns that domain's types;
// core/record_spec.cpp joins them into the one catalogue every reader and writer uses.
#include <vector>

#include "core/record_spec.hpp"

namespace hs::records {
std::vector<RecordSpec> price_records();      // powerfeed
std::vector<RecordSpec> hashbench_records();  // hashbench
std::vector<RecordSpec> allocate_records();   // allocate
std::vector<RecordSpec> leasecalc_records();  // leasecalc
std::vector<RecordSpec> payout_records();     // payout
std::vector<RecordSpec> fleet_records();      // fleet
}  // namespace hs::records
