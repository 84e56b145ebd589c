#pragma once
// The site a plan is made for: interconnect, mining classes, AI/HPC blocks, mining economics
// and grid terms, read from a TOML file (see allocate(1) for the format). Units are in the key
// names; an unknown key is an error that suggests the nearest known key.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace hs::dispatch {

struct PowerMode {
  std::string name;
  double ths_per_unit = 0;
  double watts_per_unit = 0;
};

struct MiningClass {
  std::string name;
  std::string model;
  std::int64_t units = 0;
  std::vector<PowerMode> modes;  // modes[0] is the nominal profile ("full")
  double pue = 1.0;              // facility watts per IT watt (cooling, fans)
  double aux_mw = 0;             // extra facility MW with every unit on, pro rata
  double ramp_mw_per_minute = 0; // 0: no ramp limit
  int min_on_minutes = 0;
  int min_off_minutes = 0;

  // Facility MW of one unit in mode m.
  double mw_per_unit(std::size_t m) const;
  double nominal_mw() const { return mw_per_unit(0) * static_cast<double>(units); }
};

struct AiBlock {
  std::string name;
  double it_mw = 0;
  double pue = 1.0;
  bool firm = true;
  double revenue_usd_per_mwh = 0;       // per IT MWh served ($/MWh, or $/GPU-hour x GPUs per MW)
  double lease_usd_per_kw_month = 0;    // paid whatever is served
  double penalty_usd_per_mwh = 0;       // per IT MWh not served
  double uptime = 0;                    // committed fraction of IT MWh over the horizon (0: none)
  double facility_mw() const { return it_mw * pue; }
  // Lease income per hour (a month is 730 hours).
  double lease_usd_per_hour() const { return lease_usd_per_kw_month * 1000.0 * it_mw / 730.0; }
};

struct Economics {
  double hashprice_usd_per_ph_day = 0;  // after the block reward inputs are applied
  double pool_fee = 0;                  // fraction, 0.02 = 2 %
  // Revenue per TH/s per hour, pool fee deducted.
  double usd_per_ths_hour() const { return hashprice_usd_per_ph_day / 1000.0 / 24.0 * (1.0 - pool_fee); }
};

struct Grid {
  double adder_usd_per_mwh = 0;
  double demand_charge_usd_per_kw_month = 0;
  double reserve_usd_per_mw_hour = 0;
  double reserve_max_mw = 0;  // 0 with a reserve price: limited only by interruptible load
};

struct Site {
  std::string name;
  std::string currency = "USD";
  std::string timezone;  // IANA zone for demand-charge months; empty: UTC
  double interconnect_mw = 0;
  double aux_mw = 0;     // site overhead drawn at all times (lighting, offices)
  std::vector<MiningClass> mining;
  std::vector<AiBlock> ai;
  Economics economics;
  Grid grid;

  double usable_mw() const { return interconnect_mw - aux_mw; }
  // Revenue of one unit of class k in mode m per hour, USD.
  double usd_per_unit_hour(std::size_t k, std::size_t m) const;
  // Node price at which class k in mode m just breaks even (adders deducted), USD/MWh.
  double break_even_per_mwh(std::size_t k, std::size_t m) const;
  // Best break-even over the modes of class k.
  double break_even_per_mwh(std::size_t k) const;
};

// Reads and checks a site file; errors are Error(65) with file, line and key.
Site load_site(const std::string& path);
Site parse_site(const std::string& text, const std::string& display_name);

// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(const std::string& a, const std::string& b);
// The known key nearest to `key`, or "" when none is close.
std::string nearest_key(const std::string& key, const std::vector<std::string>& known);

}  // namespace hs::dispatch
