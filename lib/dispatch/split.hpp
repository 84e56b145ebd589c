#pragma once
// allocate split: capacity planning. For each candidate AI IT capacity the site's first AI
// block is resized to it and the mining classes are scaled (whole units, pro rata) to fill the
// rest of the interconnect; each candidate is planned over the price history.
#include <vector>

#include "core/record.hpp"
#include "dispatch/plan.hpp"

namespace hs::dispatch {

struct SplitRow {
  double ai_mw = 0;      // AI IT capacity
  double mining_mw = 0;  // nominal facility MW of mining after scaling
  double hours = 0;
  double ai_margin = 0, mining_margin = 0, annual_margin = 0;
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
std::vector<SplitRow> run_split(const Site& site, const std::vector<Interval>& iv, const std::vector<double>& ai_mw,
                                const PlanOptions& opt, Annualize annualize);

}  // namespace hs::dispatch
