#pragma once
// What the ERCOT formats share: columns found by name (the CSV reports and the xlsx archives
// spell them differently), dates as MM/DD/YYYY or Excel serial numbers, hours as "19", "2.0"
// or "01:00", and local "hour ending" times in America/Chicago with the repeated fall-back
// hour flagged (DSTFlag / Repeated Hour Flag = Y) on its second occurrence.
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "market/price_row.hpp"
#include "market/tables.hpp"

namespace hs::market::ercot {

inline constexpr const char* zone = "America/Chicago";

struct Columns {
  int date = -1, hour = -1, interval = -1, flag = -1, node = -1, type = -1, price = -1;
  bool real_time() const { return interval >= 0; }
};
// Finds the columns by name; a missing required one is a data error naming the headers seen.
Columns find_columns(const std::vector<std::string>& header, const std::string& where);

// Converts rows with these columns to prices; remembers unflagged repeated hours per node.
class RowConverter {
 public:
  RowConverter(const Columns& cols, ParseContext& ctx);
  // One row's fields; bad data throws (wrap in guarded()).
  void row(const std::string_view* f, std::size_t n, const std::string& name, std::uint64_t line);

 private:
  Columns c_;
  ParseContext& ctx_;
  int need_;
  std::set<std::tuple<std::string, std::string, std::int64_t>> first_seen_;
  // The time of the previous row, by the texts it was read from.
  struct {
    bool valid = false;
    std::string date, hour, interval, flag;
    UtcTime start{};
    LocalTime local{};
    bool ambiguous_unflagged = false;
  } time_;
};

// Reads every row of a table with these columns (header already consumed).
void parse_rows(RowSource& rows, const Columns& cols, ParseContext& ctx);

// The ERCOT RT fast path: a plain file whose header is an NP6-905-CD header is read in large
// blocks, split at commas without copying, and only rows that pass the node filter are
// converted. Returns false (having read nothing) when the file is not such a table.
bool parse_ercot_rt_fast(const std::string& path, const std::string& name, ParseContext& ctx);

// Civil date from "04/10/2025", "2025-04-10" or an Excel serial day ("45717", "45717.0").
bool parse_date(std::string_view text, int& y, unsigned& m, unsigned& d);
// Hour from "19", "2.0", "01:00", "24:00"; -1 when not a whole hour 1..24 (or 0..24).
int parse_hour(std::string_view text);

}  // namespace hs::market::ercot
