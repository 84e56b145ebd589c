#include "dispatch/replay_rows.hpp"

#include <algorithm>
#include <cstdint>

namespace hs::dispatch {

std::vector<Cell> ReplayDecisionRow::cells() const {
  return {start,
          std::int64_t{minutes},
          price_per_mwh,
          static_cast<std::int64_t>(horizon_intervals),
          forecast_published_at ? Cell{*forecast_published_at} : Cell{},
          Fixed{mining_mw, 4},
          Fixed{ai_mw, 4},
          Fixed{margin_usd, 2},
          Fixed{myopic_mining_mw, 4},
          Fixed{myopic_margin_usd, 2},
          Fixed{perfect_mining_mw, 4},
          Fixed{perfect_margin_usd, 2},
          Fixed{ai_capped_mw, 4}};
}

ReplayDecisionRow replay_decision_row(const Site& site, const std::vector<Interval>& iv, const ReplayResult& r,
                                      std::size_t t) {
  const auto rolling = interval_figures(site, iv, r.rolling, t);
  const auto myopic = interval_figures(site, iv, r.myopic, t);
  const auto perfect = interval_figures(site, iv, r.perfect, t);
  return {iv[t].start,         iv[t].minutes,       iv[t].price_per_mwh, r.horizon_intervals[t],
          r.newest_vintage[t], rolling.mining_mw,   rolling.ai_mw,       rolling.margin(),
          myopic.mining_mw,    myopic.margin(),     perfect.mining_mw,   perfect.margin(),
          rolling.ai_cap_mw};
}

std::vector<Cell> ReplaySummaryRow::cells() const {
  return {strategy,
          Fixed{hours, 2},
          Fixed{energy_mwh, 2},
          Fixed{revenue_usd, 2},
          Fixed{energy_cost_usd, 2},
          Fixed{demand_charge_usd, 2},
          Fixed{peak_charge_usd, 2},
          Fixed{margin_usd, 2},
          share_of_perfect ? Cell{Fixed{*share_of_perfect, 4}} : Cell{},
          Fixed{hours_curtailed, 2},
          capped_mwh ? Cell{Fixed{*capped_mwh, 4}} : Cell{},
          hours_capped ? Cell{Fixed{*hours_capped, 2}} : Cell{},
          cap_events ? Cell{std::int64_t{*cap_events}} : Cell{},
          cap_cost_usd ? Cell{Fixed{*cap_cost_usd, 2}} : Cell{}};
}

std::vector<ReplaySummaryRow> replay_summary_rows(const Site& site, const std::vector<Interval>& iv,
                                                  const ReplayResult& r) {
  const double perfect = r.perfect_totals.margin();
  const bool flex = std::any_of(site.ai.begin(), site.ai.end(), [](const AiBlock& b) { return b.flex.any(); });
  auto row = [&](const char* strategy, const PlanTotals& t, const Plan& p) {
    ReplaySummaryRow s;
    s.strategy = strategy;
    s.hours = t.hours;
    s.energy_mwh = t.mining_mwh + t.ai_mwh + site.aux_mw * t.hours;
    s.revenue_usd = t.mining_revenue + t.ai_revenue + t.reserve_revenue;
    s.energy_cost_usd = t.energy_cost;
    s.demand_charge_usd = t.demand_charge;
    s.peak_charge_usd = t.peak_charge;
    s.margin_usd = t.margin();
    if (perfect > 0) s.share_of_perfect = t.margin() / perfect;
    s.hours_curtailed = t.hours_curtailed;
    if (flex) {
      double mwh = 0, hours = 0;
      long events = 0;
      for (std::size_t j = 0; j < site.ai.size(); ++j) {
        const ClassTotals& c = t.classes[site.mining.size() + j];
        mwh += c.capped_mwh, hours += c.hours_capped;
        bool was = false;
        for (std::size_t i = 0; i < p.n; ++i) {
          const bool is = ai_capped_mw(site.ai[j], site.ai[j].draw_it_mw(iv[i].start), p.ai_it_mw[j][i]) > 1e-6;
          events += is && !was;
          was = is;
        }
      }
      s.capped_mwh = mwh, s.hours_capped = hours, s.cap_events = events, s.cap_cost_usd = t.ai_cap_cost;
    }
    return s;
  };
  return {row("rolling", r.rolling_totals, r.rolling), row("myopic", r.myopic_totals, r.myopic),
          row("perfect", r.perfect_totals, r.perfect)};
}

}  // namespace hs::dispatch
