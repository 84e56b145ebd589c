#include "finance/scenario.hpp"

#include "finance/flex.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include "core/toml.hpp"

#include "core/io.hpp"
#include "core/parse.hpp"

namespace hs::finance {
namespace {

constexpr double inf = 1e300;

KeySpec num(std::string name, std::string def, std::string doc, double min = -inf, bool excl = false,
            double max = inf) {
  return KeySpec{std::move(name), KeyKind::number, std::move(def), std::move(doc), min, excl, max};
}

}  // namespace

const std::vector<KeySpec>& scenario_keys() {
  static const std::vector<KeySpec> keys = {
      {"name", KeyKind::text, "scenario", "Scenario name, written in every record."},
      {"start", KeyKind::date, "2026-01-01", "First day of the first monthly period (UTC date)."},
      num("horizon_years", "10", "Years modelled, in whole months.", 0, true, 100),
      num("discount_rate", "0.10", "Annual discount rate (0.10 = 10%); must exceed -100%.", -1, true),
      num("tax_rate", "0", "Tax rate on positive taxable income per period; 0 = pre-tax figures.", 0, false, 1),
      num("tax_loss_offset", "1",
          "Share of a period's taxable income that losses carried from earlier periods may offset: 1 = all "
          "of it, 0.8 = the US federal limit since 2018, 0 = losses are not carried.",
          0, false, 1),
      // Lease: colocation / powered shell of critical IT MW.
      num("lease.mw", "10", "Critical IT MW leased, all tranches together.", 0),
      num("lease.rate_per_kw_month", "130", "Rent in USD per kW of critical IT per month.", 0),
      num("lease.escalator", "0.03", "Annual rent escalator, applied on each anniversary of first rent.", -1, true),
      num("lease.term_years", "10", "Lease term from first rent; no rent after it.", 0),
      num("lease.construction_months", "12", "Months of construction before the first tranche pays rent.", 0),
      num("lease.tranches", "2", "Equal tranches in which the MW are delivered.", 1),
      num("lease.tranche_interval_months", "6", "Months between tranche deliveries.", 0),
      num("lease.capex_per_mw", "10000000", "Build cost per MW of critical IT.", 0),
      num("lease.capex_start_month", "0", "First month of the capex schedule (0 = start).", 0),
      num("lease.capex_end_month", "12", "Month the capex schedule ends (exclusive); spread evenly.", 0),
      num("lease.opex_per_mw_year", "100000", "Landlord fixed opex per delivered MW-year.", 0),
      {"lease.power_payer", KeyKind::text, "landlord",
       "Who pays for the AI hall's power: landlord (the site, as allocate's [[ai]] power_payer by default) or "
       "tenant (a pass-through, no cost to the site)."},
      num("lease.pue", "1.3", "Power usage effectiveness when the landlord pays for power.", 1),
      num("lease.it_load", "0.8", "Average IT load as a fraction of delivered MW (landlord pays).", 0, false, 1),
      num("lease.power_price_per_mwh", "50", "Power price when the landlord pays, USD per MWh.", 0),
      num("lease.residual_fraction", "0.25", "Residual value at term end, fraction of capex.", 0),
      num("lease.depreciation_years", "20", "Straight-line tax depreciation of lease capex; 0 = none.", 0),
      // A flexibility clause: the tenant lets the site cap the hall's power within these terms
      // (lib/finance/flex.hpp). Off while flex_max_cap_pct is 0.
      num("lease.flex_max_cap_pct", "0",
          "Flexibility clause: the most the site may cap of the delivered IT MW, percent; 0 = no clause.", 0, false,
          100),
      num("lease.flex_hours_per_year", "0", "Flexibility clause: hours a year the site may cap (at most 8784).", 0,
          false, 8784),
      num("lease.flex_discount_usd_per_kw_month", "0",
          "Flexibility clause: rent taken off per kW of delivered IT per month for it, escalated with the rent; at "
          "most lease.rate_per_kw_month.",
          0),
      num("lease.flex_usd_per_capped_mwh", "0", "Flexibility clause: paid to the tenant per IT MWh capped.", 0),
      num("lease.flex_expected_capped_mwh_per_year", "0",
          "Flexibility clause: IT MWh a year the site expects to cap with all the MW delivered; at most "
          "flex_max_cap_pct % x lease.mw x flex_hours_per_year. With compare --split, each candidate's from the "
          "split.",
          0),
      num("lease.flex_value_usd_per_capped_mwh", "0",
          "Flexibility clause: what a capped IT MWh is worth to the site: energy not bought at the price when "
          "capped (landlord pays), interconnect room sold to mining, demand-response payments.",
          0),
      // GPU cloud.
      num("gpu.count", "1000", "GPUs deployed.", 0),
      num("gpu.price_per_gpu_hour", "2.0", "Price sold, USD per GPU-hour.", 0),
      num("gpu.utilization", "0.7", "Fraction of GPU-hours sold.", 0, false, 1),
      num("gpu.capex_per_gpu", "35000", "Capital cost per GPU, server share included.", 0),
      num("gpu.useful_life_years", "5", "Useful life: the fleet is bought again after it; also tax depreciation.",
          0, true),
      num("gpu.watts_per_gpu", "1200", "IT watts per GPU at full power, server share included.", 0),
      num("gpu.pue", "1.3", "Power usage effectiveness.", 1),
      num("gpu.power_price_per_mwh", "50", "Power price, USD per MWh.", 0),
      num("gpu.opex_per_gpu_year", "1500", "Other operating cost per GPU-year.", 0),
      // Bitcoin mining.
      num("mining.fleet_ths", "200000", "Fleet hashrate, TH/s.", 0),
      num("mining.efficiency_j_per_th", "18", "Fleet efficiency, J/TH.", 0, true),
      num("mining.capex_per_th", "16", "Miner cost per TH/s.", 0),
      num("mining.replacement_years", "4", "Fleet bought again every this many years; 0 = never. Also tax "
          "depreciation.", 0),
      num("mining.owned", "0", "1: the fleet is already owned: its purchase is sunk (no capex at the start, nor "
          "depreciation of it); replacements are still bought. 0: bought at the start.", 0, false, 1),
      num("mining.pue", "1.05", "Power usage effectiveness of the mining hall.", 1),
      num("mining.power_price_per_mwh", "40", "Power price, USD per MWh.", 0),
      num("mining.uptime", "0.95", "Fraction of time the fleet hashes (curtailment, outages).", 0, false, 1),
      num("mining.pool_fee", "0.02", "Pool fee as a fraction of rewards.", 0, false, 1),
      num("mining.opex_per_mw_year", "60000", "Other operating cost per facility MW-year.", 0),
      num("mining.btc_price_usd", "90000", "BTC price at the start, USD.", 0, true),
      num("mining.btc_growth_per_year", "0", "BTC price drift per year (continuously compounded).", -inf),
      num("mining.btc_volatility", "0.5", "Annual volatility of the BTC price (Monte Carlo).", 0),
      num("mining.network_hashrate_ehs", "1000", "Network hashrate at the start, EH/s.", 0, true),
      num("mining.difficulty_growth_per_month", "0.02", "Network hashrate (difficulty) growth per month.", -1, true),
      num("mining.difficulty_growth_sd", "0.01", "Standard deviation of the monthly growth drawn per path "
          "(Monte Carlo).", 0),
      num("mining.fees_per_block_btc", "0.025", "Transaction fees per block, BTC.", 0),
      num("mining.block_height", "925000", "Block height at the start.", 0),
      num("mining.blocks_per_day", "144", "Blocks per day used to project the height.", 0, true),
      num("mining.height_from_hashrate", "0", "1: project the height from the hashrate path: blocks come faster "
          "than blocks_per_day by the network growth over one retarget period (2016 blocks), since difficulty "
          "lags the hashrate by about that much; 0: from time alone.", 0, false, 1),
  };
  return keys;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string nearest_key(std::string_view name) {
  std::string best;
  std::size_t best_d = static_cast<std::size_t>(-1);
  for (const auto& k : scenario_keys()) {
    auto d = edit_distance(name, k.name);
    if (d < best_d) {
      best_d = d;
      best = k.name;
    }
  }
  return best;
}

static const KeySpec* find_key(std::string_view name) {
  for (const auto& k : scenario_keys())
    if (k.name == name) return &k;
  return nullptr;
}

Scenario::Scenario() {
  for (const auto& k : scenario_keys()) assign(k.name, k.default_value, Location{"(default)", 0}, false);
}

static std::string unknown_key_message(std::string_view key) {
  return "unknown scenario key '" + std::string(key) + "'; did you mean '" + nearest_key(key) + "'?";
}

void Scenario::assign(const std::string& key, const std::string& text, const Location& where, bool from_cli) {
  const KeySpec* spec = find_key(key);
  const int code = from_cli ? exit_code::usage : exit_code::data;
  auto where_text = [&] { return from_cli ? std::string("--set ") : format_location(where); };
  if (!spec) throw Error(code, where_text() + unknown_key_message(key));
  Value v{text, 0, where, from_cli};
  if (spec->kind == KeyKind::number) {
    auto d = try_parse_double(text);
    if (!d) throw Error(code, where_text() + "key '" + key + "': expected a number, got " + quote_for_message(text));
    v.number = *d;
  } else if (spec->kind == KeyKind::date) {
    if (!try_parse_iso8601(text))
      throw Error(code, where_text() + "key '" + key + "': expected a date like 2026-01-01, got " +
                            quote_for_message(text));
  }
  values_[key] = std::move(v);
}

void Scenario::set(std::string_view assignment) {
  auto eq = assignment.find('=');
  if (eq == std::string_view::npos || eq == 0)
    throw_usage("--set: expected key=value, got " + quote_for_message(assignment));
  assign(std::string(trim(assignment.substr(0, eq))), std::string(trim(assignment.substr(eq + 1))),
         Location{"--set", 0}, true);
}

void Scenario::set_value(const std::string& key, const std::string& text, const Location& where) {
  assign(key, text, where, false);
}

Scenario Scenario::load(const std::string& path) { return parse(read_whole_file(path), path); }

Scenario Scenario::parse(const std::string& content, const std::string& path) {
  Scenario s;
  toml::table tbl;
  try {
    tbl = toml::parse(content, path);
  } catch (const toml::parse_error& e) {
    Location loc{path, static_cast<std::uint64_t>(e.source().begin.line)};
    throw Error(exit_code::data, format_location(loc) + "bad TOML: " + std::string(e.description()));
  }
  auto take = [&](const std::string& key, const toml::node& node) {
    Location loc{path, static_cast<std::uint64_t>(node.source().begin.line)};
    if (!find_key(key)) throw Error(exit_code::data, format_location(loc) + unknown_key_message(key));
    std::string text;
    if (auto i = node.as_integer()) text = std::to_string(i->get());
    else if (auto f = node.as_floating_point()) text = format_double(f->get());
    else if (auto str = node.as_string()) text = str->get();
    else if (auto d = node.as_date()) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", d->get().year, unsigned(d->get().month),
                    unsigned(d->get().day));
      text = buf;
    } else
      throw Error(exit_code::data, format_location(loc) + "key '" + key + "': expected a number, string or date");
    s.assign(key, text, loc, false);
  };
  for (auto&& [k, node] : tbl) {
    std::string key(k.str());
    if (auto sub = node.as_table()) {
      for (auto&& [k2, node2] : *sub) {
        std::string full = key + "." + std::string(k2.str());
        if (node2.is_table()) {
          Location loc{path, static_cast<std::uint64_t>(node2.source().begin.line)};
          throw Error(exit_code::data, format_location(loc) + unknown_key_message(full));
        }
        take(full, node2);
      }
    } else {
      take(key, node);
    }
  }
  return s;
}

double Scenario::num(const std::string& key) const { return values_.at(key).number; }
const std::string& Scenario::text(const std::string& key) const { return values_.at(key).text; }
UtcTime Scenario::date(const std::string& key) const { return *try_parse_iso8601(values_.at(key).text); }

void Scenario::fail(const std::string& key, const std::string& what) const {
  const Value& v = values_.at(key);
  if (v.from_cli) throw Error(exit_code::usage, "--set " + key + "=" + v.text + ": " + what);
  std::string where = v.where.line > 0 ? format_location(v.where) : std::string();
  throw Error(exit_code::data, where + "key '" + key + "': " + what + ", got " + quote_for_message(v.text));
}

void Scenario::validate() const {
  for (const auto& k : scenario_keys()) {
    if (k.kind != KeyKind::number) continue;
    double x = num(k.name);
    if (!std::isfinite(x)) fail(k.name, "expected a finite number");
    if (k.min_exclusive ? x <= k.min : x < k.min) {
      if (k.min == 0 && !k.min_exclusive) fail(k.name, "must not be negative");
      std::string bound = k.min == -1 ? "-100%" : format_double(k.min);
      fail(k.name, std::string("must be ") + (k.min_exclusive ? "above " : "at least ") + bound);
    }
    if (x > k.max) fail(k.name, "must be at most " + format_double(k.max));
  }
  if (std::lround(num("horizon_years") * 12) < 1) fail("horizon_years", "must cover at least one month");
  if (num("lease.capex_end_month") < num("lease.capex_start_month"))
    fail("lease.capex_end_month", "the capex schedule ends (month " + format_double(num("lease.capex_end_month")) +
                                      ") before it starts (month " +
                                      format_double(num("lease.capex_start_month")) + ")");
  const std::string& payer = text("lease.power_payer");
  if (payer != "tenant" && payer != "landlord") fail("lease.power_payer", "expected tenant or landlord");
  validate_flex(*this);
}

}  // namespace hs::finance
