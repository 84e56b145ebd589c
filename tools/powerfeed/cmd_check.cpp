// powerfeed check: per node and local market day, expected versus found intervals.
#include "cmd_convert.hpp"
#include "core/record.hpp"

namespace powerfeed {

void add_check_options(CLI::App& app, Check& c) {
  add_common_options(app, c.common);
  hs::add_output_options(app, c.out);
}

int run_check(const Check& c) {
  hs::AtomicOutput out(c.out.output);
  const auto& spec = hs::record_spec("price_check");
  hs::RecordWriter w(out, spec, c.out.fmt());
  bool all_complete = true;
  // Days are written as they finish (by day start, then series); rows are not deduplicated.
  hs::market::DayChecker checker(c.common.read.generic.tz, [&](hs::market::DayCheck&& d) {
    std::string gaps;
    for (auto t : d.gaps) gaps += (gaps.empty() ? "" : " ") + hs::format_iso8601_utc(t);
    all_complete = all_complete && d.complete();
    w.write({d.key.node, d.key.node_type, d.key.iso, d.key.market, d.local_date, std::int64_t{d.key.minutes},
             std::int64_t{d.expected}, std::int64_t{d.found}, std::int64_t{d.duplicates}, d.complete(), gaps});
  });
  auto bad_rows = stream_inputs(c.common, [&](hs::market::PriceRow&& r) { checker.push(std::move(r)); });
  checker.finish();
  w.finish();
  out.commit();
  if (bad_rows) return hs::exit_code::data;
  return all_complete ? 0 : hs::exit_code::failure;
}

}  // namespace powerfeed
