// Evaluating scenarios and writing cash_flow, scenario_summary, sweep_result and
// monte_carlo_summary records.
#include <cmath>

#include "core/parse.hpp"
#include "finance/flex.hpp"
#include "finance/flex_value.hpp"
#include "finance/record_cells.hpp"
#include "finance/split.hpp"
#include "leasecalc.hpp"
#include "core/record_output.hpp"

namespace leasecalc {
namespace {

using namespace hs::finance;
void warn_irr(const Summary& sm) {
  if (sm.irr.status != IrrStatus::unique) hs::warn(sm.scenario + ": " + sm.irr.message);
}

struct Sweep {
  std::string key;
  std::vector<double> values;
};

Sweep parse_sweep(const std::string& text) {
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) hs::throw_usage("--sweep: expected KEY=START:STOP:STEP, got \"" + text + "\"");
  Sweep s;
  s.key = std::string(hs::trim(text.substr(0, eq)));
  bool known = false;
  for (const auto& k : scenario_keys()) known = known || (k.name == s.key && k.kind == KeyKind::number);
  if (!known)
    hs::throw_usage("--sweep: unknown numeric scenario key '" + s.key + "'; did you mean '" + nearest_key(s.key) + "'?");
  s.values = hs::parse_range(text.substr(eq + 1), "--sweep " + s.key).values();
  return s;
}

int write_sweep(Model model, const Scenario& base, const Options& o) {
  if (o.sweeps.size() > 2) hs::throw_usage("--sweep: at most two keys");
  std::vector<Sweep> sw;
  for (const auto& t : o.sweeps) sw.push_back(parse_sweep(t));
  if (sw.size() == 2 && sw[0].key == sw[1].key) hs::throw_usage("--sweep: the two keys must differ");
  hs::write_records(o.out, "sweep_result", [&](hs::RecordWriter& w) {
    std::vector<double> second = sw.size() == 2 ? sw[1].values : std::vector<double>{0.0};
    for (double v1 : sw[0].values) {
      for (double v2 : second) {
        Scenario s = base;
        s.set(sw[0].key + "=" + hs::format_double(v1));
        if (sw.size() == 2) s.set(sw[1].key + "=" + hs::format_double(v2));
        s.validate();
        for (auto& n : build(model, s, o)) {
          Summary sm = summarize(finish(n.components, s, n.name), s.num("discount_rate"));
          SweepPoint at{sw[0].key, v1, std::nullopt, std::nullopt};
          if (sw.size() == 2) at.key2 = sw[1].key, at.value2 = v2;
          w.write(sweep_cells(sm, at));
        }
      }
    }
  });
  return 0;
}

// The clause's own figures: one flex_clause record.
int write_flex(const Scenario& s, const Options& o) {
  if (!o.sweeps.empty() || o.summary)
    hs::throw_usage(std::string("--flex writes its own records; not with ") + (o.summary ? "--summary" : "--sweep"));
  if (!has_flex(s))
    hs::throw_usage("--flex: the scenario has no flexibility clause (lease.flex_max_cap_pct is 0)");
  hs::write_records(o.out, "flex_clause", [&](hs::RecordWriter& w) { w.write(flex_cells(flex_figures(s, s.name()))); });
  return 0;
}

int write_monte_carlo(const Scenario& s, const Options& o) {
  MonteCarloResult r = monte_carlo(s, o.monte_carlo, o.seed);
  hs::write_records(o.out, "monte_carlo_summary", [&](hs::RecordWriter& w) {
    w.write(monte_carlo_cells(s.name(), r));
  });
  return 0;
}

}  // namespace

std::vector<Named> build(Model model, const Scenario& s, const Options& o) {
  switch (model) {
    case Model::lease: return {{s.name(), lease_components(s)}};
    case Model::gpu: return {{s.name(), gpu_components(s)}};
    case Model::mining: return {{s.name(), mining_components(s)}};
    case Model::compare: break;
  }
  std::vector<Named> v = compare_components(s);
  if (!o.split.empty()) {
    for (const auto& c : read_split_candidates(o.split)) {
      const Scenario candidate = split_scenario(s, c);
      v.push_back({split_name(s, c.ai_mw), split_components(candidate, c)});
    }
  }
  return v;
}

int run(Model model, const Options& o) {
  Scenario s = load_scenario(o);
  if (!o.sweeps.empty() && o.monte_carlo > 0) hs::throw_usage("--sweep and --monte-carlo cannot be combined");
  if (!o.split.empty() && o.monte_carlo > 0)
    hs::throw_usage("--split and --monte-carlo cannot be combined: Monte Carlo draws the scenario file's mining "
                    "paths, while the split scenarios come from allocate's one price history; run them apart");
  if (!o.split.empty() && !o.plan_summary.empty() && o.split == "-" && o.plan_summary == "-")
    hs::throw_usage("--split and --plan-summary cannot both read stdin");
  if (o.flex) return write_flex(s, o);
  if (!o.sweeps.empty()) return write_sweep(model, s, o);
  if (o.monte_carlo > 0) return write_monte_carlo(s, o);

  const bool summaries = model == Model::compare ? !o.cash_flows : o.summary;
  if (!o.baseline.empty() && (model != Model::compare || !summaries))
    hs::throw_usage("--baseline applies to compare's summaries, not to --cash-flows");
  const auto named = build(model, s, o);
  // compare: every scenario's NPV against the baseline's (the all-mining one by default).
  std::optional<double> baseline_npv;
  if (model == Model::compare && summaries) {
    const std::string base = o.baseline.empty() ? s.name() + "/mining" : o.baseline;
    std::string names;
    for (const auto& n : named) {
      names += (names.empty() ? "" : ", ") + n.name;
      if (n.name == base) baseline_npv = summarize(finish(n.components, s, n.name), s.num("discount_rate")).npv;
    }
    if (!baseline_npv) hs::throw_usage("--baseline: no scenario \"" + base + "\" (scenarios: " + names + ")");
  }
  hs::write_records(o.out, summaries ? "scenario_summary" : "cash_flow", [&](hs::RecordWriter& w) {
    for (const auto& n : named) {
      CashFlows cf = finish(n.components, s, n.name);
      Summary sm = summarize(cf, s.num("discount_rate"));
      warn_irr(sm);
      if (summaries) {
        if (baseline_npv) sm.npv_vs_baseline = sm.npv - *baseline_npv;
        w.write(summary_cells(sm));
        continue;
      }
      for (const auto& p : cf.periods) w.write(cash_flow_cells(cf.scenario, p));
    }
  });
  return 0;
}

}  // namespace leasecalc
