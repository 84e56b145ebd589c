#pragma once
// The scenario models: each turns a Scenario into monthly components (revenue, power, opex,
// capex, depreciation), which finish() turns into dated cash flows with tax, running sum and
// discounting. Flows are dated at period ends and discounted actual/365 from `start`
// (the XNPV convention), so the summary's NPV and IRR are XNPV and XIRR of the flows.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "finance/functions.hpp"
#include "finance/scenario.hpp"

namespace hs::finance {

struct Components {
  std::vector<UtcTime> starts, ends;  // months.size() + 1 boundaries flattened: starts[i], ends[i]
  std::vector<double> revenue, power, opex, capex, depreciation;
  std::vector<double> untaxed_in;  // residual value: cash in, return of capital, not taxed
  double mw = 0;                   // capacity for revenue per MW
  std::size_t months() const { return revenue.size(); }
};

struct Period {
  UtcTime start, end;
  double revenue = 0, power = 0, opex = 0, capex = 0, tax = 0, net = 0, cumulative = 0, discounted = 0;
  double t_end_years = 0;  // end of period, years from start (actual/365)
};

struct CashFlows {
  std::string scenario;
  std::vector<Period> periods;
  double mw = 0;
  double first_year_margin = 0;  // revenue less power over the first twelve months
};

struct Summary {
  std::string scenario;
  double npv = 0;
  IrrResult irr;
  std::optional<double> payback_years, discounted_payback_years, moic;
  double peak_funding = 0;
  std::optional<double> revenue_per_mw;
  std::optional<double> mirr;  // dated MIRR, financed and reinvested at the discount rate
  std::optional<double> npv_vs_baseline;  // compare: npv less the baseline scenario's
  double first_year_margin = 0;  // revenue less power over the first twelve months (before opex, capex, tax)
};

// Empty components over the scenario's horizon (monthly from `start`).
// The date `months_after` calendar months after `start`, clamped to the month's last day
// (EDATE's rule): 2027-01-31 + 1 = 2027-02-28, + 2 = 2027-03-31. Period m runs from
// edate(start, m) to edate(start, m + 1).
std::chrono::sys_days edate(std::chrono::sys_days start, int months_after);

Components empty_components(const Scenario& s);
// Hours of month m of the components.
double month_hours(const Components& c, std::size_t m);
// Revenue less power over the first twelve months: the operating margin of the first year,
// before opex, capex and tax (allocate's margin, for a split candidate).
double first_year_margin(const Components& c);

// Month m of the lease: the share of lease.mw delivered (0 outside the term: before the first
// rent, at construction_months, and after term_years of rent) and the rent's escalation
// (1 + escalator) ^ whole years since the first rent.
struct LeaseMonth {
  double delivered_share = 0, escalation = 1;
};
LeaseMonth lease_month(const Scenario& s, int m);

Components lease_components(const Scenario& s);
Components gpu_components(const Scenario& s);
Components mining_components(const Scenario& s);
// Mining until the AI tranches are delivered: mining scaled by the MW not yet delivered,
// plus the lease. Replacement fleets are bought only in the share still mining.
Components bridge_components(const Scenario& s);
// Two components run side by side on the same site (a split of the interconnect).
Components add_components(const Components& a, const Components& b);

// Tax month by month at tax_rate on taxable income (revenue - power - opex - depreciation). A
// month's loss is carried forward without expiry and offsets at most tax_loss_offset of a later
// month's taxable income (1: all of it; 0.8: the US federal limit on losses since 2018; 0: no
// carry, every month stands alone).
class TaxCarry {
 public:
  TaxCarry() = default;
  explicit TaxCarry(const Scenario& s);
  double of(double taxable);  // the month's tax; months in order

 private:
  double rate_ = 0, offset_limit_ = 1;
  double carried_ = 0;  // losses not yet offset
};

CashFlows finish(const Components& c, const Scenario& s, const std::string& name);
Summary summarize(const CashFlows& cf, double discount_rate);

// The deterministic mining model reused per Monte Carlo path: everything that does not
// depend on the BTC price or the difficulty growth is computed once.
class MiningPaths {
 public:
  explicit MiningPaths(const Scenario& s);
  std::size_t months() const { return issued_btc_.size(); }
  double month_years() const { return 1.0 / 12.0; }
  // NPV given the BTC price in each month and the monthly network growth rate.
  double npv(const std::vector<double>& btc_price, double growth_per_month) const;

 private:
  Components base_;                 // everything but revenue
  std::vector<double> issued_btc_;  // subsidy + fees of all blocks in the month
  std::vector<double> discount_;
  double share_factor_ = 0;         // fleet TH/s / network TH/s at start, times uptime and (1 - pool fee)
  TaxCarry tax_;                    // nothing carried yet
};

}  // namespace hs::finance
