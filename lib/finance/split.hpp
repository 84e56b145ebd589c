#pragma once
// The scenarios `leasecalc compare` evaluates: mining, AI lease and the bridge between them, and
// one more per allocate split candidate, valued from allocate's dispatch of it (its revenue and
// power per class and block over a year of prices) rather than from the scenario's constants.
#include <string>
#include <vector>

#include "core/error.hpp"
#include "finance/models.hpp"

namespace hs::finance {

struct NamedComponents {
  std::string name;
  Components components;
};

// An AI block's power caps over the history, as its split record gives them (not annualized).
struct SplitCaps {
  double capped_mwh = 0, cap_cost = 0;
  Location where;  // the AI part's record
};

// One candidate of allocate split's records: its parts summed by kind, annual figures (what the
// site pays: an AI block's energy counts only when the landlord pays it).
struct SplitCandidate {
  double ai_mw = 0, mining_mw = 0, hours = 0, capacity_mw = 0;
  double mining_ths = 0;
  double mining_revenue = 0, mining_cost = 0;
  double ai_revenue = 0, ai_cost = 0;
  double site_revenue = 0, site_cost = 0;  // energy and charges of the site's own
  std::string power_payer;                 // of its AI blocks; "" without any
  double annual_margin = 0;                // the total row's
  Location where;                          // the total row
  Location payer_where;                    // the AI part that named the payer
  // Power caps of the AI blocks (their flexibility): each capped part's record, and their IT
  // MWh capped a year, annualized by the part's annual_revenue_usd / revenue_usd (as allocate
  // annualized the rest of the row). Empty and 0 for records without capped_mwh (older files).
  std::vector<SplitCaps> caps;
  double annual_capped_mwh = 0;
};

// Reads split records ("-" is stdin): each candidate's parts, closed by its total row. A
// candidate whose parts disagree with each other or with their total, or a stream cut before a
// total, is bad data (65) naming the line and field.
std::vector<SplitCandidate> read_split_candidates(const std::string& path);

// The candidate as a scenario of its own: lease.mw = ai_mw, mining.fleet_ths its mining TH/s,
// lease.power_payer the split's. A scenario file that sets lease.power_payer otherwise is bad
// data (65): one setting says who pays. When its AI blocks were capped, the lease's flexibility
// clause takes its capped MWh a year from them; a scenario with no clause, a payment per capped
// MWh other than the split's cap_cost_usd / capped_mwh, or capped MWh beyond the clause's most
// is bad data (65) naming the record's line and field; so is a clause in the scenario when the
// candidate's AI blocks (ai_mw > 0) carry no caps at all.
Scenario split_scenario(const Scenario& s, const SplitCandidate& c);
// Its name, e.g. "site/split_ai_20mw".
std::string split_name(const Scenario& s, double ai_mw);
// The lease and the mining fleet side by side. Revenue and power come from the split: the
// first twelve months hold its year (by hours), later months evolve by the scenario's rules:
// mining revenue follows the mining model's path (BTC price drift, difficulty growth, halvings
// by block height, fees), AI revenue the lease's escalator and tranches, power and the site's
// own figures stay as they were. Capex, opex, depreciation, residual and tax are the models'.
// A horizon under a year is refused (64).
Components split_components(const Scenario& candidate, const SplitCandidate& c);

// compare's three scenarios, named "<name>/mining", "<name>/ai" and "<name>/bridge".
std::vector<NamedComponents> compare_components(const Scenario& s);

}  // namespace hs::finance
