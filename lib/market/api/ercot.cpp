#include "market/api/ercot.hpp"

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "market/api/body.hpp"
#include "market/ercot.hpp"

namespace hs::market::api::ercot {

using nlohmann::json;

const std::vector<ProductInfo>& products() {
  static const std::vector<ProductInfo> list = {
      {Product::rt_spp, "rt-spp", "NP6-905-CD", "np6-905-cd/spp_node_zone_hub", "price"},
      {Product::da_spp, "da-spp", "NP4-190-CD", "np4-190-cd/dam_stlmnt_pnt_prices", "price"},
      {Product::lmp, "lmp", "NP6-788-CD", "np6-788-cd/lmp_node_zone_hub", "price"},
      {Product::as_mcpc, "as-mcpc", "NP4-188-CD", "np4-188-cd/dam_clear_price_for_cap", "as_price"},
      {Product::load_forecast, "load-forecast", "NP3-565-CD", "np3-565-cd/lf_by_model_weather_zone", "load_forecast"},
  };
  return list;
}

std::optional<Product> parse_product(std::string_view name) {
  for (const auto& p : products())
    if (name == p.name) return p.product;
  return std::nullopt;
}

const ProductInfo& info(Product p) {
  for (const auto& i : products())
    if (i.product == p) return i;
  return products().front();
}

namespace {

constexpr const char* zone = hs::market::ercot::zone;

// One data row with its columns found by name.
class Row {
 public:
  Row(const json& row, const std::map<std::string, std::size_t>& cols, Location loc)
      : row_(row), cols_(cols), loc_(std::move(loc)) {}
  const Location& loc() const { return loc_; }
  bool has(const std::string& name) const { return cols_.count(name) != 0; }
  const json& at(const std::string& name) const {
    auto it = cols_.find(name);
    if (it == cols_.end()) throw_data_error(loc_, name, "column missing from `fields`");
    if (it->second >= row_.size()) throw_data_error(loc_, name, "row shorter than `fields`");
    return row_[it->second];
  }
  std::string text(const std::string& name) const {
    const auto& v = at(name);
    if (!v.is_string()) throw_expected(loc_, name, "a string", v.dump());
    return v.get<std::string>();
  }
  double number(const std::string& name) const {
    const auto& v = at(name);
    if (!v.is_number()) throw_expected(loc_, name, "a number", v.dump());
    double d = v.get<double>();
    if (!std::isfinite(d)) throw_expected(loc_, name, "a finite number", v.dump());
    return d;
  }
  // An hour ending: "01:00", "1:00", "24:00" or the integer 1..24.
  int hour(const std::string& name) const {
    const auto& v = at(name);
    int h = -1;
    if (v.is_number_integer()) h = v.get<int>();
    else if (v.is_string()) {
      // NP3-565-CD writes "1:00", NP4-190-CD "01:00": pad to the file readers' form.
      std::string t = v.get<std::string>();
      if (t.size() == 4 && t[1] == ':') t = "0" + t;
      h = hs::market::ercot::parse_hour(t);
    }
    if (h < 1 || h > 24) throw_expected(loc_, name, "an hour ending 1..24", v.dump());
    return h;
  }
  bool flag(const std::string& name) const {
    if (!has(name)) return false;
    const auto& v = at(name);
    if (v.is_boolean()) return v.get<bool>();
    if (v.is_string() && (v == "Y" || v == "y")) return true;
    if (v.is_string() && (v == "N" || v == "n" || v == "")) return false;
    throw_expected(loc_, name, "true or false", v.dump());
  }
  LocalTime day(const std::string& name) const {
    auto t = text(name);
    int y;
    unsigned m, d;
    if (!hs::market::ercot::parse_date(t, y, m, d)) throw_expected(loc_, name, "a date YYYY-MM-DD", t);
    return make_local(y, m, d);
  }
  // "2026-09-05T19:25:23" (optionally with .fff), local time without an offset.
  LocalTime local_time(const std::string& name) const {
    auto t = text(name);
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    char tail = 0;
    int n = std::sscanf(t.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &tail);
    if (n < 6 || (n == 7 && tail != '.') || h > 23 || mi > 59 || s > 59 || mo < 1 || mo > 12 || d < 1 || d > 31)
      throw_expected(loc_, name, "a local time YYYY-MM-DDTHH:MM:SS", t);
    return make_local(y, static_cast<unsigned>(mo), static_cast<unsigned>(d), h, mi, s);
  }
  // Local wall time to UTC; flagged picks the repeated (second) fall-back hour.
  UtcTime utc(LocalTime lt, bool flagged, const std::string& field) const {
    if (flagged && classify_local(lt, zone) != LocalTimeStatus::ambiguous)
      throw_data_error(loc_, field, "repeated-hour flag on an hour that is not repeated");
    return local_to_utc(lt, zone, flagged, loc_, field);
  }

 private:
  const json& row_;
  const std::map<std::string, std::size_t>& cols_;
  Location loc_;
};

std::optional<std::int64_t> meta_int(const json& meta, const char* key) {
  if (!meta.is_object() || !meta.contains(key)) return std::nullopt;
  const auto& v = meta[key];
  if (v.is_number_integer()) return v.get<std::int64_t>();
  return std::nullopt;
}

}  // namespace

Reply parse_reply(std::string_view body, Product p, std::string_view what) {
  const std::string name(what);
  const json doc = parse_json_body(body, name);
  if (!doc.is_object()) throw Error(exit_code::data, name + ": expected an ERCOT reply object");
  Reply reply;
  if (doc.contains("_meta")) {
    const auto& meta = doc["_meta"];
    reply.paging.total_records = meta_int(meta, "totalRecords");
    reply.paging.total_pages = meta_int(meta, "totalPages");
    reply.paging.current_page = meta_int(meta, "currentPage");
  }
  if (!doc.contains("fields") || !doc["fields"].is_array())
    throw Error(exit_code::data, name + ": field 'fields': missing (not an ERCOT data page)");
  if (!doc.contains("data") || !doc["data"].is_array())
    throw Error(exit_code::data, name + ": field 'data': missing (not an ERCOT data page)");
  std::map<std::string, std::size_t> cols;
  const auto& fields = doc["fields"];
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const auto& f = fields[i];
    if (!f.is_object() || !f.contains("name") || !f["name"].is_string())
      throw Error(exit_code::data, name + ": fields[" + std::to_string(i) + "]: expected an object with a name");
    cols[f["name"].get<std::string>()] = i;
  }
  const auto& data = doc["data"];
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (!data[i].is_array()) throw Error(exit_code::data, name + ": data[" + std::to_string(i) + "]: expected an array");
    Row row(data[i], cols, Location{name + " data[" + std::to_string(i) + "]", 0});
    switch (p) {
      case Product::rt_spp:
      case Product::da_spp: {
        const bool rt = p == Product::rt_spp;
        int interval = 1;
        if (rt) {
          const auto& v = row.at("deliveryInterval");
          interval = v.is_number_integer() ? v.get<int>() : -1;
          if (interval < 1 || interval > 4) throw_expected(row.loc(), "deliveryInterval", "an interval 1..4", v.dump());
        }
        const std::string hour_field = rt ? "deliveryHour" : "hourEnding";
        LocalTime lt = row.day("deliveryDate") + std::chrono::hours(row.hour(hour_field) - 1) +
                       std::chrono::minutes((interval - 1) * 15);
        PriceRow r;
        r.start = row.utc(lt, row.flag("DSTFlag"), hour_field);
        r.minutes = rt ? 15 : 60;
        r.iso = "ERCOT";
        r.market = rt ? "rt" : "da";
        r.node = row.text("settlementPoint");
        if (row.has("settlementPointType")) r.node_type = row.text("settlementPointType");
        r.price = row.number("settlementPointPrice");
        r.currency = "USD";
        reply.prices.push_back(std::move(r));
        break;
      }
      case Product::lmp: {
        PriceRow r;
        r.start = row.utc(row.local_time("SCEDTimestamp"), row.flag("repeatHourFlag"), "SCEDTimestamp");
        r.minutes = 5;
        r.iso = "ERCOT";
        r.market = "rt";
        r.node = row.text("settlementPoint");
        r.price = row.number("LMP");
        r.currency = "USD";
        reply.prices.push_back(std::move(r));
        break;
      }
      case Product::as_mcpc: {
        AsPriceRow r;
        LocalTime lt = row.day("deliveryDate") + std::chrono::hours(row.hour("hourEnding") - 1);
        r.start = row.utc(lt, row.flag("DSTFlag"), "hourEnding");
        r.minutes = 60;
        r.iso = "ERCOT";
        r.market = "da";
        r.product = row.text("ancillaryType");
        r.currency = "USD";
        r.price_per_mw = row.number("MCPC");
        reply.as_prices.push_back(std::move(r));
        break;
      }
      case Product::load_forecast: {
        LocalTime lt = row.day("deliveryDate") + std::chrono::hours(row.hour("hourEnding") - 1);
        UtcTime start = row.utc(lt, row.flag("DSTFlag"), "hourEnding");
        // The posting time carries no flag: a repeated local time is read as its first occurrence.
        UtcTime posted = row.utc(row.local_time("postedDatetime"), false, "postedDatetime");
        std::string model = row.has("model") ? row.text("model") : std::string{};
        static const char* zones[] = {"coast", "east", "farWest", "north", "northCentral",
                                      "southCentral", "southern", "west", "systemTotal"};
        for (const char* z : zones) {
          if (!row.has(z)) continue;
          LoadForecastRow r;
          r.start = start;
          r.minutes = 60;
          r.iso = "ERCOT";
          r.area = std::string(z) == "systemTotal" ? "system" : z;
          r.model = model;
          r.forecast_mw = row.number(z);
          r.published_at = posted;
          reply.load_forecasts.push_back(std::move(r));
        }
        if (!row.has("systemTotal")) throw_data_error(row.loc(), "systemTotal", "column missing from `fields`");
        break;
      }
    }
  }
  return reply;
}

Token parse_token(std::string_view body, std::string_view what) {
  const std::string name(what);
  json doc;
  try {
    doc = json::parse(body.begin(), body.end());
  } catch (const json::exception&) {  // parse_error, and out_of_range for a number like 1e999
    throw Error(exit_code::unavailable, name + ": the token reply is not JSON");
  }
  if (!doc.is_object() || !doc.contains("id_token") || !doc["id_token"].is_string() ||
      doc["id_token"].get<std::string>().empty())
    throw Error(exit_code::unavailable, name + ": the token reply has no id_token");
  Token t;
  t.id_token = doc["id_token"].get<std::string>();
  t.expires_in_s = 3600;
  if (doc.contains("expires_in")) {
    const auto& e = doc["expires_in"];
    if (e.is_number_integer()) t.expires_in_s = e.get<long>();
    else if (e.is_string()) {
      try {
        t.expires_in_s = std::stol(e.get<std::string>());
      } catch (const std::exception&) {
        throw Error(exit_code::unavailable, name + ": field 'expires_in': expected a number of seconds");
      }
    }
  }
  return t;
}

}  // namespace hs::market::api::ercot
