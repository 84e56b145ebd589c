// allocate plan: the whole horizon at once; dispatch records, optional per-class records,
// and a summary (stderr, or plan_summary records with --summary FILE).
#include <cmath>
#include <cstdio>
#include <memory>

#include "common.hpp"
#include "core/parse.hpp"
#include "dispatch/plan.hpp"
#include "dispatch/plan_rows.hpp"
#include "core/record_output.hpp"

namespace allocate {

namespace {

struct PlanArgs {
  InputOptions in;
  hs::OutputOptions out;
  std::string by_class;
  std::string as_awards;
  std::string dr_journal;
  std::string summary;
  std::string write_lp;
  bool lp = false;
  bool integer_units = false;
  double mip_gap = 1e-4;
  std::string lp_method = "auto";
};

// The site whose break-evens the summary gives: with a hashprice series, at the hashprice's
// mean over the plan weighted by hours.
hs::dispatch::Site break_even_site(const hs::dispatch::Site& site, const std::vector<hs::dispatch::Interval>& iv) {
  if (site.economics.hashprice_series.empty()) return site;
  double hp = 0, hours = 0;
  for (const auto& i : iv) hp += site.economics.hashprice_at(i.start) * i.hours(), hours += i.hours();
  hs::dispatch::Site s = hs::dispatch::site_at(site, iv.front().start);
  s.economics.hashprice_usd_per_ph_day = hours > 0 ? hp / hours : 0;
  return s;
}

void write_summary(const PlanArgs& a, const hs::dispatch::Site& site, const hs::dispatch::Plan& p,
                   const hs::dispatch::PlanTotals& tot, const hs::dispatch::PlanTotals& base) {
  const double uplift = tot.margin() - base.margin();
  if (a.summary.empty()) {
    std::string s = "plan (" + p.solver + "): " + hs::format_fixed(tot.hours, 2) + " h, margin " +
                    hs::format_fixed(tot.margin(), 2) + " " + site.currency + ", always-on " +
                    hs::format_fixed(base.margin(), 2) + ", uplift " + hs::format_fixed(uplift, 2) +
                    "; mining uptime " + hs::format_fixed(tot.mining_uptime * 100, 1) + "%, curtailed " +
                    hs::format_fixed(tot.hours_curtailed, 2) + " h";
    if (tot.demand_charge > 0) s += ", demand charges " + hs::format_fixed(tot.demand_charge, 2);
    if (tot.peak_charge > 0) s += ", peak-window charge " + hs::format_fixed(tot.peak_charge, 2);
    for (std::size_t k = 0; k < site.mining.size(); ++k)
      s += "; break-even '" + site.mining[k].name + "' " + hs::format_fixed(site.break_even_per_mwh(k), 2) + "/MWh";
    hs::note(s);
    return;
  }
  hs::write_records(a.summary, a.out.fmt(), "plan_summary", [&](hs::RecordWriter& w) {
    for (const auto& r : hs::dispatch::plan_summary_rows(site, p, tot, base)) w.write(r.cells());
  });
}

}  // namespace

hs::Runner add_plan(CLI::App& sub) {
  auto a = std::make_shared<PlanArgs>();
  add_input_options(sub, a->in);
  hs::add_output_options(sub, a->out);
  sub.add_option(
      "--by-class", a->by_class,
      "Also write class_dispatch records (per class and interval) to FILE (a second record type, so a second file)");
  sub.add_option("--as-awards", a->as_awards,
                 "Also write as_award records (ancillary services sold, per class, product and interval) to FILE");
  sub.add_option("--dr-journal", a->dr_journal,
                 "Also write dr_journal records (each DR event interval: baseline, committed, delivered) to FILE");
  sub.add_option("--summary", a->summary, "Write plan_summary records to FILE instead of a summary on stderr");
  sub.add_option("--write-lp", a->write_lp, "Write the model to FILE (.mps: MPS, otherwise LP format)");
  sub.add_flag("--lp", a->lp, "Use the LP solver even where the direct per-interval solution applies");
  sub.add_flag("--integer-units", a->integer_units, "Whole units (mixed-integer, CBC) instead of the LP relaxation");
  sub.add_option("--mip-gap", a->mip_gap, "Relative gap at which CBC stops")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  sub.add_option("--lp-method", a->lp_method, "LP algorithm: auto, dual, barrier or crossover")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "dual", "barrier", "crossover"}));
  auto run = [a]() -> int {
    namespace d = hs::dispatch;
    const d::Site site = load_site(a->in);
    const d::PriceStream ps = load_prices(a->in, site);
    d::PlanOptions opt;
    opt.force_lp = a->lp;
    opt.integer_units = a->integer_units;
    opt.write_lp = a->write_lp;
    opt.mip_gap = a->mip_gap;
    opt.lp_method = a->lp_method;
    const d::Plan p = d::solve_plan(site, ps.intervals, opt);
    const auto& iv = ps.intervals;
    hs::write_records(a->out, "dispatch", [&](hs::RecordWriter& w) {
      for (std::size_t t = 0; t < p.n; ++t) w.write(d::dispatch_cells(iv[t], d::interval_figures(site, iv, p, t)));
      if (!a->by_class.empty()) {
        hs::write_records(a->by_class, a->out.fmt(), "class_dispatch", [&](hs::RecordWriter& cw) {
          for (std::size_t t = 0; t < p.n; ++t)
            for (const auto& r : d::class_dispatch_rows(site, iv, p, t)) cw.write(r.cells());
        });
      }
      if (!a->as_awards.empty()) {
        hs::write_records(a->as_awards, a->out.fmt(), "as_award", [&](hs::RecordWriter& aw) {
          for (std::size_t t = 0; t < p.n; ++t)
            for (const auto& r : d::as_award_rows(site, iv, p, t)) aw.write(r.cells());
        });
      }
      if (!a->dr_journal.empty()) write_dr_journal(a->dr_journal, a->out.fmt(), site, iv, p);
      const auto tot = d::plan_totals(site, iv, p);
      const auto base = d::plan_totals(site, iv, d::always_on_plan(site, iv));
      write_summary(*a, break_even_site(site, iv), p, tot, base);
    });
    return 0;
  };
  return run;
}

}  // namespace allocate
