#pragma once
// A lease's flexibility clause: the tenant lets the site cap the hall's power (GPU power limits)
// up to lease.flex_max_cap_pct of the delivered IT MW for up to lease.flex_hours_per_year, for a
// rent discount and a payment per IT MWh capped; the site gains what a capped MWh is worth to it
// (energy not bought at the price of the hour, interconnect room for mining, demand-response
// payments). The clause is off while flex_max_cap_pct is 0, and then changes no figure.
#include "finance/models.hpp"
#include "finance/scenario.hpp"

namespace hs::finance {

bool has_flex(const Scenario& s);
// The most IT MWh a year the clause lets the site cap with all the MW delivered:
// flex_max_cap_pct / 100 x lease.mw x flex_hours_per_year.
double flex_max_capped_mwh_per_year(const Scenario& s);
// The clause's terms against each other and the lease (called by Scenario::validate): a term
// without a cap, a cap without hours, expected capped MWh beyond the clause's most, a discount
// above the rent. Each refusal names the key and where it was set (65, or 64 from --set).
void validate_flex(const Scenario& s);

// The clause's flows in one month of the lease, USD (zero outside the term). The discount is
// delivered kW x flex_discount x the rent's escalation (a rent reduction escalates with the rent);
// the capped MWh are a twelfth of the expected year times the share delivered; payments and
// value are those MWh at their prices, not escalated.
struct FlexMonth {
  double capped_mwh = 0, discount = 0, payments = 0, value = 0;
  double net() const { return value - discount - payments; }
};
FlexMonth flex_month(const Scenario& s, const LeaseMonth& lm);

// The scenario with no clause (every flex key 0): the lease the clause is measured against.
Scenario without_flex(const Scenario& s);

}  // namespace hs::finance
