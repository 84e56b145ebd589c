#pragma once
// allocate split's power caps of AI blocks (capped_mwh, cap_cost_usd) in compare --split: read
// from each record, and held against the lease's flexibility clause (lib/finance/flex.hpp).
#include <optional>
#include <string>

#include "core/record.hpp"
#include "finance/split.hpp"

namespace hs::finance {

// capped_mwh as allocate writes it (to 4 decimals; 3 allowed): half a unit of the third decimal.
constexpr double mwh_rounding = 0.0005;

// Two capped MWh figures equal within the rounding of `parts` parts and their total.
bool mwh_agree(double a, double b, std::size_t parts);
// Where a scenario setting came from, for a message: file:line, --set, or the default.
std::string setting_origin(const Value& v);

// The capped_mwh and cap_cost_usd of one record of `kind`: nothing when both are empty; bad data
// (65) naming the field when one comes without the other, either is negative, or a part other
// than ai or total carries them.
std::optional<SplitCaps> read_split_caps(const Record& rec, std::size_t f_capped, std::size_t f_cost,
                                         const std::string& kind);

// A candidate whose AI blocks carry caps (c.caps not empty), on its scenario `out` (lease.mw
// already the candidate's): the clause's capped MWh a year become the split's, after checking
// that the scenario has a clause when anything was capped, that each cap_cost_usd is
// lease.flex_usd_per_capped_mwh x capped_mwh within rounding, and that the year's capped MWh are
// within the clause's most. Each refusal is bad data (65) naming the record's line and field.
void apply_split_caps(Scenario& out, const SplitCandidate& c);

}  // namespace hs::finance
