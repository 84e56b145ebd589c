#pragma once
// The source formats powerfeed reads, detected from a table's header row, and one parser
// per format (one file each: ercot_rt.cpp, ercot_dam.cpp, ercot_xlsx.cpp, caiso.cpp, ...).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "market/price_row.hpp"
#include "market/tables.hpp"

namespace hs::market {

enum class SourceFormat { ercot_rt, ercot_dam, ercot_xlsx, caiso, pjm, isone, entsoe, generic, records };
std::optional<SourceFormat> parse_source_name(std::string_view name);
std::string_view source_name(SourceFormat f);
const std::vector<std::string>& source_names();

// The format a header row belongs to; nullopt when none matches.
std::optional<SourceFormat> detect_format(const std::vector<std::string>& header);

// Parsers: the header row was already read from rows.
void parse_ercot_rt(RowSource& rows, const std::vector<std::string>& header, ParseContext& ctx);
void parse_ercot_dam(RowSource& rows, const std::vector<std::string>& header, ParseContext& ctx);
void parse_caiso(RowSource& rows, const std::vector<std::string>& header, ParseContext& ctx);
void parse_pjm(RowSource& rows, const std::vector<std::string>& header, ParseContext& ctx);
void parse_isone(RowSource& rows, const std::vector<std::string>& header, ParseContext& ctx);
void parse_entsoe(RowSource& rows, const std::vector<std::string>& header, ParseContext& ctx);
void parse_generic(RowSource& rows, const std::vector<std::string>& header, ParseContext& ctx);
// powerfeed's own price records (CSV), so a normalized series can be merged, checked and resampled again.
void parse_price_records(RowSource& rows, const std::vector<std::string>& header, ParseContext& ctx);
// An ERCOT yearly archive workbook (NP4-180-ER, NP6-785-ER): every sheet, in workbook order.
void parse_ercot_xlsx(const std::string& path, ParseContext& ctx);

// A row shorter than `need` fields: true for a blank line (skip it), an error naming the
// line otherwise; false when the row is long enough.
bool skip_short_row(const std::vector<std::string>& fields, int need, const Location& loc);

// Header name normalised for matching: lower case, without spaces, underscores and quotes.
std::string header_key(std::string_view name);
// Index of the first header whose key is one of keys; -1 when none.
int find_column(const std::vector<std::string>& header, std::initializer_list<std::string_view> keys);

}  // namespace hs::market
