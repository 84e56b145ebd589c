#pragma once
// allocate split: capacity planning. For each candidate AI IT capacity the site's first AI
// block is resized to it and the mining classes are scaled (whole units, pro rata) to fill the
// rest of the interconnect; each candidate is planned over the price history.
#include <optional>
#include <string>
#include <vector>

#include "core/record.hpp"
#include "dispatch/plan.hpp"

namespace hs::dispatch {

// One part of a candidate: a mining class, an AI block, the site's own figures (overhead and
// battery energy, reserve and ancillary revenue, demand, peak, wear and DR charges), or the
// candidate's total. Money over the history and over the year it is annualized to; leasecalc
// values a candidate from these (see leasecalc(1), SPLIT CANDIDATES).
struct SplitPart {
  double ai_mw = 0;      // the candidate: AI IT capacity
  double mining_mw = 0;  // the candidate: nominal facility MW of mining after scaling
  double hours = 0;
  std::string part, kind;  // kind: mining, ai, site or total
  std::string power_payer; // AI blocks: landlord or tenant
  double capacity_mw = 0;  // nominal facility MW (site: overhead)
  std::optional<double> ths;  // mining: nominal TH/s
  double energy_mwh = 0, energy_cost = 0, revenue = 0, charges = 0;  // energy_cost: what the site pays
  std::optional<double> uptime, hours_curtailed;
  double annual_revenue = 0, annual_energy_cost = 0, annual_charges = 0;
  // AI blocks with a flexibility clause (and the total when any): IT MWh capped and what the
  // caps cost (in charges).
  std::optional<double> capped_mwh, cap_cost;
  double margin() const { return revenue - energy_cost - charges; }
  double annual_margin() const { return annual_revenue - annual_energy_cost - annual_charges; }
  std::vector<Cell> cells() const;  // the split record (MW and hours to 4 decimals, dollars to the cent)
};

// How a price history's margin becomes a year's.
enum class Annualize {
  seasons,   // x 8760 / hours, only when whole calendar months cover every season (else Error 65)
  hours,     // x 8760 / hours, whatever the history
  by_month,  // each calendar month present scaled to its whole length, the months to twelve
};
Annualize parse_annualize(const std::string& text);  // seasons, hours or by-month; Error 64

// Calendar months of the history (site time zone; UTC without one) and the hours each holds.
struct MonthCover {
  int month = 0;  // year * 12 + month - 1 (billing_month)
  double covered_hours = 0, month_hours = 0;
  bool whole() const { return covered_hours >= month_hours - 1e-6; }
};
std::vector<MonthCover> month_cover(const Site& site, const std::vector<Interval>& iv);
// "" when whole months cover winter (Dec-Feb), spring (Mar-May), summer (Jun-Aug) and autumn
// (Sep-Nov); else why not, naming the months and the seasons missing.
std::string seasons_missing(const std::vector<MonthCover>& months);

// The site with AI capacity ai_it_mw and mining filling the rest (Error 65 if it does not fit).
Site site_for_split(const Site& site, double ai_it_mw);
// Each candidate's parts in site order (mining classes, AI blocks, site), then its total.
std::vector<SplitPart> run_split(const Site& site, const std::vector<Interval>& iv, const std::vector<double>& ai_mw,
                                const PlanOptions& opt, Annualize annualize);

}  // namespace hs::dispatch
