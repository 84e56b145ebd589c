// Which format a table is, from its header row; the shared context and filter helpers.
#include <fnmatch.h>

#include <algorithm>
#include <cctype>

#include "core/cli.hpp"
#include "core/parse.hpp"
#include "market/formats.hpp"

namespace hs::market {

const std::vector<std::string>& source_names() {
  static const std::vector<std::string> names = {"ercot-rt", "ercot-dam", "ercot-xlsx", "caiso",
                                                 "pjm",      "isone",     "entsoe",     "generic",
                                                 "records"};
  return names;
}

std::string_view source_name(SourceFormat f) { return source_names()[static_cast<std::size_t>(f)]; }

std::optional<SourceFormat> parse_source_name(std::string_view name) {
  const auto& n = source_names();
  auto it = std::find(n.begin(), n.end(), name);
  if (it == n.end()) return std::nullopt;
  return static_cast<SourceFormat>(it - n.begin());
}

std::string header_key(std::string_view name) {
  std::string k;
  for (char c : trim(name))
    if (c != ' ' && c != '_' && c != '"' && c != '\xef' && c != '\xbb' && c != '\xbf')
      k += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return k;
}

int find_column(const std::vector<std::string>& header, std::initializer_list<std::string_view> keys) {
  for (auto key : keys)
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header_key(header[i]) == key) return static_cast<int>(i);
  return -1;
}

bool skip_short_row(const std::vector<std::string>& fields, int need, const Location& loc) {
  if (static_cast<int>(fields.size()) >= need) return false;
  if (fields.size() == 1 && trim(fields[0]).empty()) return true;
  throw_data_error(loc, {}, "expected " + std::to_string(need) + " fields, got " + std::to_string(fields.size()));
}

std::optional<SourceFormat> detect_format(const std::vector<std::string>& header) {
  if (header.empty()) return std::nullopt;
  auto first = trim(header[0]);
  if ((first == "C" || first == "H") && header.size() >= 2) return SourceFormat::isone;
  if (header_key(header[0]).rfind("mtu", 0) == 0) return SourceFormat::entsoe;
  for (const auto& h : header)
    if (header_key(h).find("day-aheadprice") != std::string::npos && find_column(header, {"mtu(cet/cest)"}) >= 0)
      return SourceFormat::entsoe;
  if (find_column(header, {"settlementpointprice"}) >= 0) {
    return find_column(header, {"deliveryinterval"}) >= 0 ? SourceFormat::ercot_rt : SourceFormat::ercot_dam;
  }
  if (find_column(header, {"intervalstart"}) >= 0 && find_column(header, {"pricepermwh"}) >= 0)
    return SourceFormat::records;
  if (find_column(header, {"intervalstarttimegmt"}) >= 0) return SourceFormat::caiso;
  if (find_column(header, {"datetimebeginningutc"}) >= 0) return SourceFormat::pjm;
  return std::nullopt;
}

void Filter::prepare() const {
  if (literal.size() == nodes.size()) return;
  literal.clear();
  for (const auto& p : nodes) literal.push_back(p.find_first_of("*?[\\") == std::string::npos);
}

bool Filter::accepts_node(std::string_view node, std::string_view type, std::string_view mkt) const {
  if (!market.empty() && mkt != market) return false;
  if (!node_type.empty() && type != node_type) return false;
  if (nodes.empty()) return true;
  prepare();
  std::string n;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const auto& p = nodes[i];
    // A pattern without wildcards is a plain comparison (the common case, and cheap per row).
    if (literal[i]) {
      if (node == p) return true;
      continue;
    }
    if (n.empty()) n = node;
    if (fnmatch(p.c_str(), n.c_str(), 0) == 0) return true;
  }
  return false;
}

bool Filter::accepts_time(UtcTime start) const {
  if (has_from && start < from) return false;
  if (has_to && start >= to) return false;
  return true;
}

void ParseContext::emit(PriceRow&& row) {
  if (!filter.accepts_time(row.start)) return;
  row.source = source;
  ++emitted;
  sink(std::move(row));
}

void ParseContext::bad_row(const hs::Error& e) {
  if (!opts.keep_going) throw e;
  ++bad_rows;
  // Reported as an error line (not a warning), so --quiet cannot hide it.
  std::fprintf(stderr, "%s: %s\n", tool_name().c_str(), e.what());
}

}  // namespace hs::market
