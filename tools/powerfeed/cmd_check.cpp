// powerfeed check: per node and local market day, expected versus found intervals.
#include "cmd_convert.hpp"
#include "core/record_output.hpp"
#include "market/record_cells.hpp"

namespace powerfeed {

void add_check_options(CLI::App& app, Check& c) {
  add_common_options(app, c.common);
  hs::add_output_options(app, c.out);
}

int run_check(const Check& c) {
  bool all_complete = true;
  std::uint64_t bad_rows = 0;
  hs::write_records(c.out, "price_check", [&](hs::RecordWriter& w) {
    // Days are written as they finish (by day start, then series); rows are not deduplicated.
    hs::market::DayChecker checker(c.common.read.generic.tz, [&](hs::market::DayCheck&& d) {
      all_complete = all_complete && d.complete();
      w.write(hs::market::check_cells(d));
    });
    bad_rows = stream_inputs(c.common, [&](hs::market::PriceRow&& r) { checker.push(std::move(r)); });
    checker.finish();
  });
  if (bad_rows) return hs::exit_code::data;
  return all_complete ? 0 : hs::exit_code::failure;
}

}  // namespace powerfeed
