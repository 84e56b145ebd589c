#include "market/api/isone.hpp"

#include <algorithm>

#include <date/date.h>

#include "market/api/body.hpp"

namespace hs::market::api {

namespace {

constexpr const char* eastern = "America/New_York";

// The singular items inside the plural wrapper: an array, one bare object, or none (the
// wrapper empty, "" or null when the day has no data).
std::vector<const nlohmann::json*> items(const nlohmann::json& root, const char* plural, const char* singular,
                                         const std::string& what) {
  if (!root.is_object()) bad_body(what, "reply", {}, "an object", json_got(root));
  const auto& wrap = json_member(root, plural, what, "reply");
  std::vector<const nlohmann::json*> out;
  if (wrap.is_null() || (wrap.is_string() && wrap.get<std::string>().empty())) return out;
  if (!wrap.is_object()) bad_body(what, "reply", plural, "an object", json_got(wrap));
  auto it = wrap.find(singular);
  if (it == wrap.end() || it->is_null()) return out;
  if (it->is_object()) {
    out.push_back(&*it);
  } else if (it->is_array()) {
    for (const auto& e : *it) out.push_back(&e);
  } else {
    bad_body(what, std::string(plural), singular, "an array or an object", json_got(*it));
  }
  return out;
}

struct Location {
  std::string name, type;
};

// {"@LocId":"4001","@LocType":"LOAD ZONE","$":".Z.MAINE"} or a bare ".Z.MAINE".
Location location(const nlohmann::json& item, const std::string& what, const std::string& where) {
  const auto& l = json_member(item, "Location", what, where);
  Location out;
  if (l.is_string()) {
    out.name = l.get<std::string>();
  } else if (l.is_object()) {
    out.name = json_string(l, "$", what, where + "/Location");
    if (l.contains("@LocType")) out.type = json_string(l, "@LocType", what, where + "/Location");
  } else {
    bad_body(what, where, "Location", "an object or a string", json_got(l));
  }
  if (out.name.empty()) bad_body(what, where, "Location", "a location name", "");
  return out;
}

Reply lmp_reply(std::string_view body, const std::string& what, const char* plural, const char* singular,
                const std::string& market, int minutes) {
  const auto root = parse_json_body(body, what);
  Reply out;
  const auto list = items(root, plural, singular, what);
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& it = *list[i];
    const auto where = indexed(std::string(plural) + "/" + singular, i);
    if (!it.is_object()) bad_body(what, where, {}, "an object", json_got(it));
    PriceRow r;
    r.start = json_time(it, "BeginDate", what, where);
    r.minutes = minutes;
    r.iso = "ISONE";
    r.market = market;
    auto loc = location(it, what, where);
    r.node = std::move(loc.name);
    r.node_type = std::move(loc.type);
    r.price = json_number(it, "LmpTotal", what, where);
    r.currency = "USD";
    out.prices.push_back(std::move(r));
  }
  std::stable_sort(out.prices.begin(), out.prices.end(), [](const PriceRow& a, const PriceRow& b) {
    return std::tie(a.start, a.node, a.node_type) < std::tie(b.start, b.node, b.node_type);
  });
  return out;
}

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string build_isone_url(const IsoneRequest& r) {
  if (r.day.size() != 8 || !digits(r.day)) throw_usage("ISO-NE day must be YYYYMMDD, got '" + r.day + "'");
  if (!r.location.empty() && !digits(r.location))
    throw_usage("ISO-NE location must be a location id (digits), got '" + r.location + "'");
  std::string path;
  switch (r.product) {
    case IsoneProduct::hourly_lmp_da_final: path = "/hourlylmp/da/final"; break;
    case IsoneProduct::hourly_lmp_rt_final: path = "/hourlylmp/rt/final"; break;
    case IsoneProduct::hourly_lmp_rt_prelim: path = "/hourlylmp/rt/prelim"; break;
    case IsoneProduct::five_minute_lmp: path = "/fiveminutelmp"; break;
    case IsoneProduct::realtime_hourly_demand: path = "/realtimehourlydemand"; break;
  }
  std::string url = r.base + path + "/day/" + r.day;
  if (!r.location.empty()) url += "/location/" + r.location;
  return url;
}

std::vector<std::string> isone_days(UtcTime from, UtcTime to) {
  std::vector<std::string> out;
  if (to <= from) return out;
  auto first = date::floor<date::days>(date::local_seconds{utc_to_local(from, eastern).time_since_epoch()});
  auto last = date::floor<date::days>(date::local_seconds{utc_to_local(to - std::chrono::seconds(1), eastern).time_since_epoch()});
  for (auto d = first; d <= last; d += date::days{1}) out.push_back(date::format("%Y%m%d", d));
  return out;
}

Reply parse_isone_hourly_lmp_reply(std::string_view body, const std::string& what, const std::string& market) {
  return lmp_reply(body, what, "HourlyLmps", "HourlyLmp", market, 60);
}

Reply parse_isone_five_minute_lmp_reply(std::string_view body, const std::string& what) {
  return lmp_reply(body, what, "FiveMinLmps", "FiveMinLmp", "rt", 5);
}

Reply parse_isone_hourly_demand_reply(std::string_view body, const std::string& what) {
  const auto root = parse_json_body(body, what);
  Reply out;
  const auto list = items(root, "HourlyRtDemands", "HourlyRtDemand", what);
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& it = *list[i];
    const auto where = indexed("HourlyRtDemands/HourlyRtDemand", i);
    if (!it.is_object()) bad_body(what, where, {}, "an object", json_got(it));
    LoadForecastRow r;
    r.start = json_time(it, "BeginDate", what, where);
    r.minutes = 60;
    r.iso = "ISONE";
    r.area = location(it, what, where).name;
    r.model = "actual";
    r.forecast_mw = json_number(it, "Load", what, where);
    r.published_at = r.start + std::chrono::hours(1);
    out.load_forecasts.push_back(std::move(r));
  }
  std::stable_sort(out.load_forecasts.begin(), out.load_forecasts.end(),
                   [](const LoadForecastRow& a, const LoadForecastRow& b) {
                     return std::tie(a.start, a.area) < std::tie(b.start, b.area);
                   });
  return out;
}

}  // namespace hs::market::api
