#include "market/api/caiso.hpp"

#include <algorithm>
#include <memory>

#include <date/date.h>
#include <pugixml.hpp>

#include "core/exit_codes.hpp"
#include "core/io.hpp"
#include "core/parse.hpp"
#include "market/api/body.hpp"
#include "market/api/zip_body.hpp"
#include "market/formats.hpp"

namespace hs::market::api {

namespace {

std::string oasis_time(UtcTime t) {
  return date::format("%Y%m%dT%H:%M", std::chrono::floor<std::chrono::minutes>(t)) + "-0000";
}

bool ends_with_ci(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  return std::equal(suffix.begin(), suffix.end(), s.end() - static_cast<std::ptrdiff_t>(suffix.size()),
                    [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b)); });
}

bool all_digits(std::string_view s, std::size_t n) {
  return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The text of the first element with this local name (OASIS prefixes them: m:ERR_DESC).
std::string local_text(const pugi::xml_document& doc, const char* local) {
  auto n = doc.select_node((std::string("//*[local-name()='") + local + "']").c_str()).node();
  return n ? std::string(trim(n.text().get())) : std::string();
}

[[noreturn]] void oasis_error(const ZipMember& m, const std::string& what) {
  pugi::xml_document doc;
  if (!doc.load_buffer(m.data.data(), m.data.size()))
    throw Error(exit_code::data, what + ": zip member " + m.name + " is not XML");
  const auto code = local_text(doc, "ERR_CODE"), desc = local_text(doc, "ERR_DESC");
  if (code.empty() && desc.empty())
    throw Error(exit_code::data, what + ": zip member " + m.name + " is XML without ERR_CODE/ERR_DESC; resultformat=6 replies hold CSV");
  throw Error(exit_code::unavailable, what + ": CAISO OASIS error " + (code.empty() ? "(no ERR_CODE)" : code) + ": " +
                                          (desc.empty() ? "(no ERR_DESC)" : desc) + " (" + m.name + ")");
}

// The member's CSV rows, through the same reader as files (quotes, CRLF, BOM, line numbers).
// CsvReader reads an InputFile after the bytes handed to it; /dev/null is an empty one.
std::unique_ptr<RowSource> member_rows(const ZipMember& m) {
  return std::make_unique<CsvRows>(std::make_unique<InputFile>("/dev/null"), m.data, m.name);
}

std::string market_of(std::string_view run) { return run == "DAM" ? "da" : "rt"; }

void parse_as(RowSource& rows, const std::vector<std::string>& header, Reply& out) {
  const int start = find_column(header, {"intervalstarttimegmt"});
  const int end = find_column(header, {"intervalendtimegmt"});
  const int type = find_column(header, {"anctype", "astype"});
  const int region = find_column(header, {"ancregion", "asregion"});
  const int run = find_column(header, {"marketrunid"});
  const int price = find_column(header, {"mw", "value", "prc"});
  if (start < 0 || end < 0 || type < 0 || price < 0)
    throw_data_error(Location{rows.name(), 1}, {},
                     "CAISO PRC_AS table needs INTERVALSTARTTIME_GMT, INTERVALENDTIME_GMT, ANC_TYPE and MW");
  const int need = std::max({start, end, type, region, run, price}) + 1;
  auto col = [](const std::vector<std::string>& f, int i) { return f[static_cast<std::size_t>(i)]; };
  std::vector<std::string> f;
  while (rows.next(f)) {
    const Location loc{rows.name(), rows.line()};
    if (skip_short_row(f, need, loc)) continue;
    AsPriceRow r;
    r.start = parse_iso8601(col(f, start), loc, header[static_cast<std::size_t>(start)]);
    const auto e = parse_iso8601(col(f, end), loc, header[static_cast<std::size_t>(end)]);
    if (e <= r.start) throw_data_error(loc, header[static_cast<std::size_t>(end)], "interval ends before it starts");
    r.minutes = static_cast<int>((e - r.start).count() / 60);
    r.iso = "CAISO";
    r.market = run >= 0 ? market_of(trim(col(f, run))) : "da";
    r.product = trim(col(f, type));
    if (r.product.empty()) throw_expected(loc, header[static_cast<std::size_t>(type)], "a product such as RU", "");
    if (region >= 0) r.area = trim(col(f, region));
    r.price_per_mw = parse_double(col(f, price), loc, header[static_cast<std::size_t>(price)]);
    r.currency = "USD";
    out.as_prices.push_back(std::move(r));
  }
}

void parse_member(const ZipMember& m, const std::string& what, Reply& out) {
  auto rows = member_rows(m);
  std::vector<std::string> header;
  if (!rows->next(header)) throw Error(exit_code::data, what + ": zip member " + m.name + " is empty");
  const auto named = parse_caiso_member_name(m.name);
  if (find_column(header, {"lmptype"}) >= 0) {
    ReadOptions opts;  // no --keep-going: a bad row stops the reply
    Filter filter;     // every node and time: the request chose them
    ParseContext ctx{opts, filter, [&](PriceRow&& r) { out.prices.push_back(std::move(r)); }, m.name, 0};
    parse_caiso(*rows, header, ctx);
  } else if (find_column(header, {"anctype", "astype"}) >= 0) {
    parse_as(*rows, header, out);
  } else {
    const std::string q = named ? named->queryname : std::string("unknown");
    throw Error(exit_code::data, what + ": zip member " + m.name + " holds query " + q +
                                     ", not a price query (PRC_LMP, PRC_INTVL_LMP, PRC_RTPD_LMP or PRC_AS: a CSV with an "
                                     "LMP_TYPE or ANC_TYPE column)");
  }
}

}  // namespace

bool caiso_price_query(std::string_view q) {
  return q == "PRC_LMP" || q == "PRC_INTVL_LMP" || q == "PRC_RTPD_LMP" || q == "PRC_AS";
}

std::string build_caiso_url(const CaisoRequest& r) {
  if (!caiso_price_query(r.queryname))
    throw_usage("CAISO OASIS query '" + r.queryname + "' is not a price query (PRC_LMP, PRC_INTVL_LMP, PRC_RTPD_LMP, PRC_AS)");
  if (r.market_run_id.empty()) throw_usage("CAISO OASIS query needs a market_run_id (DAM, RTM, HASP, RTPD)");
  if (r.to <= r.from) throw_usage("CAISO OASIS window ends before it starts");
  if (r.to - r.from > caiso_max_window) throw_usage("CAISO OASIS allows at most 31 days per request; split the window");
  std::string url = r.base + "?resultformat=6&queryname=" + url_encode(r.queryname) +
                    "&version=" + std::to_string(r.version) + "&market_run_id=" + url_encode(r.market_run_id);
  if (r.queryname == "PRC_AS") {
    url += "&anc_type=" + url_encode(r.anc_type.empty() ? "ALL" : r.anc_type);
    url += "&anc_region=" + url_encode(r.anc_region.empty() ? "ALL" : r.anc_region);
  } else {
    if (r.node.empty()) throw_usage("CAISO OASIS " + r.queryname + " needs a node");
    url += "&node=" + url_encode(r.node);
  }
  // OASIS reads its own time form literally: the colon stays as it is.
  url += "&startdatetime=" + oasis_time(r.from) + "&enddatetime=" + oasis_time(r.to);
  return url;
}

std::optional<CaisoMemberName> parse_caiso_member_name(std::string_view name) {
  if (auto slash = name.find_last_of('/'); slash != std::string_view::npos) name.remove_prefix(slash + 1);
  auto dot = name.find_last_of('.');
  if (dot == std::string_view::npos) return std::nullopt;
  name = name.substr(0, dot);
  std::vector<std::string_view> t;
  for (std::size_t p = 0;;) {
    auto u = name.find('_', p);
    t.push_back(name.substr(p, u == std::string_view::npos ? std::string_view::npos : u - p));
    if (u == std::string_view::npos) break;
    p = u + 1;
  }
  // dates, query (1+ tokens), market run, [stamp: yyyymmdd hh mm ss], vN
  if (t.size() < 5 || !all_digits(t[0], 8) || !all_digits(t[1], 8)) return std::nullopt;
  auto v = t.back();
  if (v.size() < 2 || v[0] != 'v') return std::nullopt;
  auto version = try_parse_int64(v.substr(1));
  if (!version) return std::nullopt;
  std::size_t last = t.size() - 1;  // one past the market run
  if (last >= 7 && all_digits(t[last - 4], 8) && all_digits(t[last - 3], 2) && all_digits(t[last - 2], 2) &&
      all_digits(t[last - 1], 2))
    last -= 4;
  if (last < 4) return std::nullopt;
  CaisoMemberName out;
  out.start_date = t[0];
  out.end_date = t[1];
  out.market_run_id = t[last - 1];
  for (std::size_t i = 2; i + 1 < last; ++i) out.queryname += (i > 2 ? "_" : "") + std::string(t[i]);
  out.version = static_cast<int>(*version);
  return out;
}

Reply parse_caiso_reply(std::string_view body, const std::string& what) {
  const auto members = unzip_body(body, what);
  if (members.empty()) throw Error(exit_code::data, what + ": zip archive has no member");
  // An error document wins over any data: OASIS sends it alone.
  for (const auto& m : members)
    if (ends_with_ci(m.name, ".xml")) oasis_error(m, what);
  Reply out;
  for (const auto& m : members) {
    try {
      parse_member(m, what, out);
    } catch (const Error& e) {
      if (e.code() != exit_code::data) throw;
      const std::string msg = e.what();
      if (msg.rfind(what + ": ", 0) == 0) throw;
      throw Error(exit_code::data, what + ": " + msg);  // the reader names member:line: field
    }
  }
  std::stable_sort(out.prices.begin(), out.prices.end(), [](const PriceRow& a, const PriceRow& b) {
    return std::tie(a.start, a.node, a.market, a.minutes) < std::tie(b.start, b.node, b.market, b.minutes);
  });
  std::stable_sort(out.as_prices.begin(), out.as_prices.end(), [](const AsPriceRow& a, const AsPriceRow& b) {
    return std::tie(a.start, a.product, a.area, a.market) < std::tie(b.start, b.product, b.area, b.market);
  });
  return out;
}

}  // namespace hs::market::api
