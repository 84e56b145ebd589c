// powerfeed check: per node and local market day, expected versus found intervals.
#include <memory>

#include "commands.hpp"
#include "core/record_output.hpp"
#include "market/record_cells.hpp"
#include "options.hpp"

namespace powerfeed {

namespace {
struct Check {
  Common common;
  hs::OutputOptions out;
};

int run_check(const Check& c) {
  bool all_complete = true;
  std::uint64_t bad_rows = 0;
  hs::write_records(c.out, "price_check", [&](hs::RecordWriter& w) {
    // Days are written as they finish (by day start, then series); rows are not deduplicated.
    hs::market::DayChecker checker(
        c.common.read.generic.tz,
        [&](hs::market::DayCheck&& d) {
          all_complete = all_complete && d.complete();
          w.write(hs::market::check_cells(d));
        },
        window_from(c.common), window_to(c.common));
    bad_rows = stream_inputs(c.common, [&](hs::market::PriceRow&& r) { checker.push(std::move(r)); });
    checker.finish();
    for (const auto& line : checker.missing_summary()) hs::warn(line);
  });
  if (bad_rows) return hs::exit_code::data;
  return all_complete ? 0 : hs::exit_code::failure;
}
}  // namespace

Runner add_check(CLI::App& app) {
  auto c = std::make_shared<Check>();
  add_common_options(app, c->common);
  hs::add_output_options(app, c->out);
  return [c] { return run_check(*c); };
}

}  // namespace powerfeed
