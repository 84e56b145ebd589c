#include "market/record_cells.hpp"

#include <utility>

namespace hs::market {

namespace {
Cell text_or_empty(const std::string& s) { return s.empty() ? Cell{} : Cell{s}; }
Cell published_cell(const live::Item& it) { return it.published ? Cell{*it.published} : Cell{}; }
}  // namespace

void price_cells(PriceRow&& r, const std::string& source_name, bool with_complete, std::vector<Cell>& cells) {
  cells.resize(11);
  cells[0] = r.start;
  cells[1] = std::int64_t{r.minutes};
  cells[2] = std::move(r.iso);
  cells[3] = std::move(r.market);
  cells[4] = std::move(r.node);
  cells[5] = std::move(r.node_type);
  cells[6] = r.price;
  cells[7] = std::move(r.currency);
  if (r.origin.empty()) cells[8] = source_name;
  else cells[8] = std::move(r.origin);
  cells[9] = with_complete ? Cell{r.complete} : Cell{};
  cells[10] = Cell{};  // published_at: prices read from files are actuals
}

std::vector<Cell> check_cells(const DayCheck& d) {
  std::string gaps;
  for (auto t : d.gaps) gaps += (gaps.empty() ? "" : " ") + format_iso8601_utc(t);
  return {d.key.node,
          d.key.node_type,
          d.key.iso,
          d.key.market,
          d.local_date,
          std::int64_t{d.key.minutes},
          std::int64_t{d.expected},
          std::int64_t{d.found},
          std::int64_t{d.duplicates},
          d.complete(),
          gaps};
}

std::vector<Cell> stats_cells(const Stats& s) {
  return {s.key.node,
          s.key.node_type,
          s.key.iso,
          s.key.market,
          s.key.currency,
          s.first,
          s.last,
          std::int64_t{s.count},
          Fixed{s.mean, 4},
          s.min,
          s.max,
          s.p5,
          s.p50,
          s.p95,
          s.p99,
          Fixed{s.negative_share, 4},
          s.hours_above ? Cell{Fixed{*s.hours_above, 4}} : Cell{}};
}

namespace live {

std::vector<Cell> item_cells(const Item& it) {
  switch (it.kind) {
    case Item::as_price:  // product, area
      return {it.start, std::int64_t{it.minutes}, it.iso, it.market, it.a, text_or_empty(it.b),
              it.value, it.currency, it.origin, published_cell(it)};
    case Item::load_forecast:  // area, model
      return {it.start, std::int64_t{it.minutes}, it.iso, it.a, it.value, published_cell(it), text_or_empty(it.b), it.origin};
    default:  // node, node_type; `complete` is only for resampled prices
      return {it.start, std::int64_t{it.minutes}, it.iso, it.market, it.a, text_or_empty(it.b),
              it.value, it.currency, it.origin, Cell{}, published_cell(it)};
  }
}

}  // namespace live
}  // namespace hs::market
