#include "finance/models.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "finance/bitcoin.hpp"
#include "finance/flex.hpp"

namespace hs::finance {
namespace {

using namespace std::chrono;

constexpr double days_per_year = 365.0;

int months_of(double years) { return static_cast<int>(std::lround(years * 12)); }

double hours(const Components& c, std::size_t m) {
  return static_cast<double>((c.ends[m] - c.starts[m]).count()) / 3600.0;
}

// Adds capex spent in month m and its straight-line depreciation over `months` months.
void spend(Components& c, std::size_t m, double amount, int dep_months) {
  if (m >= c.months() || amount == 0) return;
  c.capex[m] += amount;
  if (dep_months <= 0) return;
  for (std::size_t k = m; k < std::min(c.months(), m + static_cast<std::size_t>(dep_months)); ++k)
    c.depreciation[k] += amount / dep_months;
}

}  // namespace

sys_days edate(sys_days start, int months_after) {
  const auto ymd = year_month_day{start} + months{months_after};
  if (ymd.ok()) return sys_days{ymd};
  // The 29th to 31st past a shorter month: its last day, as EDATE and lease contracts do
  // (2027-01-31 + 1 month = 2027-02-28), never the overflow into the next month (03-03).
  return sys_days{year_month_day_last{ymd.year(), month_day_last{ymd.month()}}};
}

Components empty_components(const Scenario& s) {
  Components c;
  const int n = months_of(s.num("horizon_years"));
  const auto start = floor<days>(s.date("start"));
  for (int m = 0; m < n; ++m) {
    auto a = edate(start, m);
    auto b = edate(start, m + 1);
    c.starts.push_back(UtcTime{a});
    c.ends.push_back(UtcTime{b});
  }
  for (auto* v : {&c.revenue, &c.power, &c.opex, &c.capex, &c.depreciation, &c.untaxed_in})
    v->assign(static_cast<std::size_t>(n), 0.0);
  return c;
}

LeaseMonth lease_month(const Scenario& s, int m) {
  const int first_rent = static_cast<int>(std::lround(s.num("lease.construction_months")));
  const int term_end = first_rent + months_of(s.num("lease.term_years"));  // exclusive
  if (m < first_rent || m >= term_end) return {};
  const int tranches = std::max(1, static_cast<int>(std::lround(s.num("lease.tranches"))));
  const int interval = static_cast<int>(std::lround(s.num("lease.tranche_interval_months")));
  int delivered = std::min(tranches, (m - first_rent) / std::max(1, interval) + 1);
  if (interval == 0) delivered = tranches;
  const double years_of_rent = std::floor((m - first_rent) / 12.0);
  return {static_cast<double>(delivered) / tranches, std::pow(1 + s.num("lease.escalator"), years_of_rent)};
}

double first_year_margin(const Components& c) {
  double v = 0;
  for (std::size_t m = 0; m < std::min<std::size_t>(12, c.months()); ++m) v += c.revenue[m] - c.power[m];
  return v;
}

double month_hours(const Components& c, std::size_t m) { return hours(c, m); }

Components lease_components(const Scenario& s) {
  Components c = empty_components(s);
  const double mw = s.num("lease.mw");
  c.mw = mw;
  const double total_capex = mw * s.num("lease.capex_per_mw");
  const int dep = months_of(s.num("lease.depreciation_years"));
  // Capex evenly over [capex_start_month, capex_end_month); all in one month when equal.
  const int cs = static_cast<int>(std::lround(s.num("lease.capex_start_month")));
  const int ce = std::max(cs + 1, static_cast<int>(std::lround(s.num("lease.capex_end_month"))));
  for (int m = cs; m < ce; ++m) spend(c, static_cast<std::size_t>(m), total_capex / (ce - cs), dep);

  const bool landlord = s.text("lease.power_payer") == "landlord";
  for (std::size_t m = 0; m < c.months(); ++m) {
    const LeaseMonth lm = lease_month(s, static_cast<int>(m));
    if (lm.delivered_share <= 0) continue;
    const double dmw = mw * lm.delivered_share;
    c.revenue[m] = dmw * 1000 * s.num("lease.rate_per_kw_month") * lm.escalation;
    // A flexibility clause: its discount and payments per capped MWh are rent given back, and
    // what the caps are worth to the site comes in beside the rent (lib/finance/flex.hpp). All
    // of it is taxable like the rent; the power line stays the hall's without caps, since the
    // value of a capped MWh counts the energy the caps avoid.
    if (has_flex(s)) c.revenue[m] += flex_month(s, lm).net();
    c.opex[m] = dmw * s.num("lease.opex_per_mw_year") / 12;
    if (landlord)
      c.power[m] = dmw * s.num("lease.it_load") * s.num("lease.pue") * hours(c, m) * s.num("lease.power_price_per_mwh");
  }
  // Residual value at the end of the term, or at the horizon if the term runs past it.
  const int term_end = static_cast<int>(std::lround(s.num("lease.construction_months"))) + months_of(s.num("lease.term_years"));
  if (c.months() > 0) {
    std::size_t at = static_cast<std::size_t>(std::clamp(term_end - 1, 0, static_cast<int>(c.months()) - 1));
    c.untaxed_in[at] += s.num("lease.residual_fraction") * total_capex;
  }
  return c;
}

Components gpu_components(const Scenario& s) {
  Components c = empty_components(s);
  const double n = s.num("gpu.count");
  const int life = std::max(1, months_of(s.num("gpu.useful_life_years")));
  const double it_mw = n * s.num("gpu.watts_per_gpu") / 1e6;
  c.mw = it_mw * s.num("gpu.pue");
  for (std::size_t m = 0; m < c.months(); ++m) {
    if (m % static_cast<std::size_t>(life) == 0) spend(c, m, n * s.num("gpu.capex_per_gpu"), life);
    const double h = hours(c, m);
    c.revenue[m] = n * h * s.num("gpu.utilization") * s.num("gpu.price_per_gpu_hour");
    // GPUs are taken to draw full power all hours (idle GPUs in a rented cluster stay on).
    c.power[m] = c.mw * h * s.num("gpu.power_price_per_mwh");
    c.opex[m] = n * s.num("gpu.opex_per_gpu_year") / 12;
  }
  return c;
}

namespace {

// Mining without revenue (computed per price path), and the BTC issued in each month.
Components mining_base(const Scenario& s, std::vector<double>& issued_btc) {
  Components c = empty_components(s);
  const double ths = s.num("mining.fleet_ths");
  c.mw = ths * s.num("mining.efficiency_j_per_th") / 1e6 * s.num("mining.pue");
  const int life = months_of(s.num("mining.replacement_years"));
  std::int64_t height = static_cast<std::int64_t>(std::llround(s.num("mining.block_height")));
  issued_btc.assign(c.months(), 0.0);
  // Blocks counted by whole blocks, carrying the fraction, so the height advances exactly.
  double block_carry = 0;
  double blocks_per_day = s.num("mining.blocks_per_day");
  if (s.num("mining.height_from_hashrate") >= 0.5) {
    // Difficulty is set from the hashrate of the previous 2016 blocks, so with the network
    // growing by g a month the hashrate runs ahead of it by (1+g)^(retarget days / month days).
    // Uses the scenario's mean growth (also under Monte Carlo, where heights are shared).
    const double retarget_days = 2016 / blocks_per_day, month_days = 365.25 / 12;
    blocks_per_day *= std::pow(1 + s.num("mining.difficulty_growth_per_month"), retarget_days / month_days);
  }
  const bool owned = s.num("mining.owned") >= 0.5;  // the first fleet is sunk
  for (std::size_t m = 0; m < c.months(); ++m) {
    if ((m == 0 && !owned) || (m > 0 && life > 0 && m % static_cast<std::size_t>(life) == 0))
      spend(c, m, ths * s.num("mining.capex_per_th"), life);
    const double h = hours(c, m);
    c.power[m] = c.mw * h * s.num("mining.uptime") * s.num("mining.power_price_per_mwh");
    c.opex[m] = c.mw * s.num("mining.opex_per_mw_year") / 12;
    double exact = blocks_per_day * h / 24 + block_carry;
    auto blocks = static_cast<std::int64_t>(std::floor(exact));
    block_carry = exact - static_cast<double>(blocks);
    std::int64_t sats = subsidy_sum_sats(height, blocks);
    issued_btc[m] = static_cast<double>(sats) / static_cast<double>(sats_per_btc) +
                    static_cast<double>(blocks) * s.num("mining.fees_per_block_btc");
    height += blocks;
  }
  return c;
}

double share_factor(const Scenario& s) {
  return s.num("mining.fleet_ths") / (s.num("mining.network_hashrate_ehs") * 1e6) * s.num("mining.uptime") *
         (1 - s.num("mining.pool_fee"));
}

// Network hashrate relative to the start in month m (growth compounds monthly from month 0).
double network_factor(double growth, std::size_t m) { return std::pow(1 + growth, static_cast<double>(m)); }

}  // namespace

Components mining_components(const Scenario& s) {
  std::vector<double> issued;
  Components c = mining_base(s, issued);
  const double share = share_factor(s), g = s.num("mining.difficulty_growth_per_month");
  for (std::size_t m = 0; m < c.months(); ++m) {
    // Deterministic path: the BTC price compounds continuously at the drift, valued at the
    // start of each month.
    double price = s.num("mining.btc_price_usd") * std::exp(s.num("mining.btc_growth_per_year") * m / 12.0);
    c.revenue[m] = share / network_factor(g, m) * issued[m] * price;
  }
  return c;
}

Components add_components(const Components& a, const Components& b) {
  Components c = a;
  for (std::size_t m = 0; m < c.months(); ++m) {
    c.revenue[m] += b.revenue[m];
    c.power[m] += b.power[m];
    c.opex[m] += b.opex[m];
    c.capex[m] += b.capex[m];
    c.depreciation[m] += b.depreciation[m];
    c.untaxed_in[m] += b.untaxed_in[m];
  }
  c.mw = a.mw + b.mw;
  return c;
}

Components bridge_components(const Scenario& s) {
  Components lease = lease_components(s);
  Components mine = mining_components(s);
  // Share of the site still mining in month m: 1 before the first tranche, falling with each
  // delivered tranche, 0 once all the AI capacity is delivered.
  const int first_rent = static_cast<int>(std::lround(s.num("lease.construction_months")));
  const int tranches = std::max(1, static_cast<int>(std::lround(s.num("lease.tranches"))));
  const int interval = static_cast<int>(std::lround(s.num("lease.tranche_interval_months")));
  const int life_or_0 = months_of(s.num("mining.replacement_years"));
  const int life = life_or_0 > 0 ? life_or_0 : 1 << 30;
  Components c = lease;
  for (std::size_t m = 0; m < c.months(); ++m) {
    const int mi = static_cast<int>(m);
    int delivered = mi < first_rent ? 0 : (interval == 0 ? tranches : std::min(tranches, (mi - first_rent) / interval + 1));
    double u = 1.0 - static_cast<double>(delivered) / tranches;
    c.revenue[m] += u * mine.revenue[m];
    c.power[m] += u * mine.power[m];
    c.opex[m] += u * mine.opex[m];
    // The first fleet is bought whole; a replacement only for the share still mining.
    double cap_share = m == 0 ? 1.0 : u;
    c.capex[m] += cap_share * mine.capex[m];
    // Depreciation follows the capex: the first fleet whole, replacements by share.
    c.depreciation[m] += mine.depreciation[m] * (mi < life ? 1.0 : u);
  }
  c.mw = std::max(lease.mw, mine.mw);
  return c;
}

TaxCarry::TaxCarry(const Scenario& s) : rate_(s.num("tax_rate")), offset_limit_(s.num("tax_loss_offset")) {}

double TaxCarry::of(double taxable) {
  if (taxable <= 0) {
    carried_ -= taxable;
    return 0;
  }
  const double offset = std::min(carried_, offset_limit_ * taxable);
  carried_ -= offset;
  return rate_ * (taxable - offset);
}

CashFlows finish(const Components& c, const Scenario& s, const std::string& name) {
  CashFlows cf;
  cf.scenario = name;
  cf.mw = c.mw;
  cf.first_year_margin = first_year_margin(c);
  const double r = s.num("discount_rate");
  TaxCarry tax(s);
  const UtcTime t0 = c.starts.empty() ? UtcTime{} : c.starts.front();
  double cum = 0;
  for (std::size_t m = 0; m < c.months(); ++m) {
    Period p;
    p.start = c.starts[m];
    p.end = c.ends[m];
    p.revenue = c.revenue[m] + c.untaxed_in[m];
    p.power = c.power[m];
    p.opex = c.opex[m];
    p.capex = c.capex[m];
    p.tax = tax.of(c.revenue[m] - c.power[m] - c.opex[m] - c.depreciation[m]);
    p.net = p.revenue - p.power - p.opex - p.capex - p.tax;
    cum += p.net;
    p.cumulative = cum;
    p.t_end_years = static_cast<double>((p.end - t0).count()) / 86400.0 / days_per_year;
    p.discounted = p.net / std::pow(1 + r, p.t_end_years);
    cf.periods.push_back(p);
  }
  return cf;
}

Summary summarize(const CashFlows& cf, double discount_rate) {
  Summary sm;
  sm.scenario = cf.scenario;
  sm.first_year_margin = cf.first_year_margin;
  std::vector<double> flows, disc, times;
  double revenue = 0;
  for (const auto& p : cf.periods) {
    flows.push_back(p.net);
    disc.push_back(p.discounted);
    times.push_back(p.t_end_years);
    sm.npv += p.discounted;
    revenue += p.revenue;
  }
  sm.irr = xirr_years(flows, times, discount_rate);
  sm.payback_years = payback(flows, times);
  sm.discounted_payback_years = payback(disc, times);
  sm.moic = moic(flows);
  sm.peak_funding = peak_funding(flows);
  sm.mirr = xmirr_years(flows, times, discount_rate, discount_rate);
  if (cf.mw > 0) sm.revenue_per_mw = revenue / cf.mw;
  return sm;
}

MiningPaths::MiningPaths(const Scenario& s) {
  base_ = mining_base(s, issued_btc_);
  share_factor_ = share_factor(s);
  tax_ = TaxCarry(s);
  const double r = s.num("discount_rate");
  for (std::size_t m = 0; m < base_.months(); ++m) {
    double t = static_cast<double>((base_.ends[m] - base_.starts.front()).count()) / 86400.0 / days_per_year;
    discount_.push_back(std::pow(1 + r, -t));
  }
}

double MiningPaths::npv(const std::vector<double>& btc_price, double growth) const {
  double v = 0, net_factor = 1;
  TaxCarry tax = tax_;  // each path carries its own losses
  for (std::size_t m = 0; m < months(); ++m) {
    if (m > 0) net_factor *= 1 + growth;
    double revenue = share_factor_ / net_factor * issued_btc_[m] * btc_price[m];
    double taxable = revenue - base_.power[m] - base_.opex[m] - base_.depreciation[m];
    double net = revenue - base_.power[m] - base_.opex[m] - base_.capex[m] - tax.of(taxable);
    v += net * discount_[m];
  }
  return v;
}

}  // namespace hs::finance
