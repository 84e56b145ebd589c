// powerfeed's own price records read back in (CSV): the normalized series is itself an input,
// so `powerfeed a.csv -o s.csv; powerfeed stats s.csv` works as a user expects.
#include "core/parse.hpp"
#include "core/record_spec.hpp"
#include "market/formats.hpp"

namespace hs::market {

void parse_price_records(RowSource& rows, const std::vector<std::string>& header, ParseContext& ctx) {
  const RecordSpec& spec = record_spec("price");
  std::vector<int> col(spec.fields.size(), -1);
  for (std::size_t c = 0; c < header.size(); ++c) {
    auto f = spec.index_of(trim(header[c]));
    if (f != RecordSpec::npos) col[f] = static_cast<int>(c);
  }
  for (std::size_t f = 0; f < spec.fields.size(); ++f)
    if (spec.fields[f].required && col[f] < 0)
      throw_data_error(Location{rows.name(), 1}, {}, "missing column '" + spec.fields[f].name + "' of price records");
  auto text = [&](const std::vector<std::string>& row, std::string_view name) -> std::string {
    int c = col[spec.at(name)];
    return c < 0 ? std::string() : std::string(trim(row[static_cast<std::size_t>(c)]));
  };
  std::vector<std::string> f;
  while (rows.next(f)) {
    guarded(ctx, [&] {
      Location loc{rows.name(), rows.line()};
      if (f.size() != header.size())
        throw_data_error(loc, {}, "expected " + std::to_string(header.size()) + " fields as in the header, got " +
                                      std::to_string(f.size()));
      PriceRow r;
      r.node = text(f, "node");
      r.node_type = text(f, "node_type");
      r.market = text(f, "market");
      if (!ctx.filter.accepts_node(r.node, r.node_type, r.market)) return;
      r.start = parse_iso8601(text(f, "interval_start"), loc, "interval_start");
      auto minutes = parse_int64(text(f, "interval_minutes"), loc, "interval_minutes");
      if (minutes <= 0 || minutes > 24 * 60) throw_expected(loc, "interval_minutes", "1 to 1440", text(f, "interval_minutes"));
      r.minutes = static_cast<int>(minutes);
      r.iso = text(f, "iso");
      r.price = parse_double(text(f, "price_per_mwh"), loc, "price_per_mwh");
      r.currency = text(f, "currency");
      r.origin = text(f, "source");  // where the price came from first, not this file
      r.line = loc.line;
      ctx.emit(std::move(r));
    });
  }
}

}  // namespace hs::market
