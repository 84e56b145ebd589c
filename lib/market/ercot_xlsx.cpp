// ERCOT yearly archives NP4-180-ER (day-ahead) and NP6-785-ER (real-time) as .xlsx: one sheet
// per month, each with its own header row, "Repeated Hour Flag", Excel serial dates in some
// cells and hours stored as numbers ("2.0").
#include "market/ercot.hpp"
#include "market/formats.hpp"
#include "market/xlsx.hpp"

namespace hs::market {

void parse_ercot_xlsx(const std::string& path, ParseContext& ctx) {
  ZipArchive zip(path, ctx.display);
  auto sheets = read_xlsx(zip, ctx.display);
  for (auto& s : sheets) {
    if (s.rows.empty()) continue;
    std::string name = ctx.display + "[" + s.name + "]";
    auto header = std::move(s.rows.front());
    s.rows.erase(s.rows.begin());
    s.row_numbers.erase(s.row_numbers.begin());
    auto cols = ercot::find_columns(header, name);
    MemoryRows rows(std::move(s.rows), std::move(s.row_numbers), name);
    ercot::parse_rows(rows, cols, ctx);
  }
}

}  // namespace hs::market
