// allocate split: annual margin of each candidate AI capacity, the rest of the interconnect mining.
#include <memory>

#include "common.hpp"
#include "dispatch/split.hpp"
#include "core/record_output.hpp"

namespace allocate {

namespace {
struct SplitArgs {
  InputOptions in;
  hs::OutputOptions out;
  std::string ai_mw;
  std::string annualize = "seasons";
  bool lp = false;
};
}  // namespace

hs::Runner add_split(CLI::App& sub) {
  auto a = std::make_shared<SplitArgs>();
  add_input_options(sub, a->in, false);
  hs::add_output_options(sub, a->out);
  sub.add_option("--ai-mw", a->ai_mw, "Candidate AI IT capacities as start:stop:step (MW)")->required();
  sub.add_flag("--lp", a->lp, "Use the LP solver even where the direct per-interval solution applies");
  sub.add_option("--annualize", a->annualize,
                 "How the history's margin becomes a year's: seasons (default: only from whole months of every "
                 "season), hours (x 8760 / hours) or by-month")
      ->type_name("HOW");
  auto run = [a]() -> int {
    namespace d = hs::dispatch;
    const hs::Range range = hs::parse_range(a->ai_mw, "--ai-mw");
    const d::Annualize annualize = d::parse_annualize(a->annualize);
    const d::Site site = load_site(a->in, false);
    const d::PriceStream ps = load_prices(a->in, site);
    d::PlanOptions opt;
    opt.force_lp = a->lp;
    const auto rows = d::run_split(site, ps.intervals, range.values(), opt, annualize);
    hs::write_records(a->out, "split", [&](hs::RecordWriter& w) {
      for (const auto& r : rows) w.write(r.cells());
    });
    return 0;
  };
  return run;
}

}  // namespace allocate
