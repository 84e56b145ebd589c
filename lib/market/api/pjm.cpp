#include "market/api/pjm.hpp"

#include <algorithm>
#include <array>

#include <date/date.h>

#include "core/exit_codes.hpp"
#include "market/api/body.hpp"

namespace hs::market::api {

namespace {

constexpr std::array<PjmFeed, 6> feeds{{
    {"da_hrl_lmps", "da", 60, "total_lmp_da"},
    {"rt_hrl_lmps", "rt", 60, "total_lmp_rt"},
    {"rt_unverified_hrl_lmps", "rt", 60, "total_lmp_rt"},
    {"rt_fivemin_hrl_lmps", "rt", 5, "total_lmp_rt"},
    {"rt_unverified_fivemin_lmps", "rt", 5, "total_lmp_rt"},
    {"rt_fivemin_mnt_lmps", "rt", 5, "total_lmp_rt"},
}};

constexpr const char* eastern = "America/New_York";

std::string ept_minute(UtcTime t) {
  const auto lt = utc_to_local(t, eastern);
  return date::format("%Y-%m-%dT%H:%M", date::local_time<std::chrono::minutes>{
                                            std::chrono::floor<std::chrono::minutes>(lt.time_since_epoch())});
}

// The feed named by the self link: ".../api/v1/<feed>?...".
std::string feed_from_links(const nlohmann::json& root) {
  auto it = root.find("links");
  if (it == root.end() || !it->is_array()) return {};
  for (const auto& l : *it) {
    if (!l.is_object() || l.value("rel", "") != "self") continue;
    auto href = l.value("href", "");
    auto q = href.find('?');
    auto path = href.substr(0, q);
    auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
  }
  return {};
}

}  // namespace

const PjmFeed* find_pjm_feed(std::string_view name) {
  for (const auto& f : feeds)
    if (f.name == name) return &f;
  return nullptr;
}

std::string pjm_ept_range(UtcTime from, UtcTime to) {
  return ept_minute(from) + "to" + ept_minute(to - std::chrono::minutes(1));
}

std::string build_pjm_url(const PjmRequest& r) {
  if (!find_pjm_feed(r.feed)) throw_usage("unknown PJM feed '" + r.feed + "'");
  if (r.row_count < 1 || r.row_count > pjm_max_rows_per_page)
    throw_usage("PJM RowCount must be 1.." + std::to_string(pjm_max_rows_per_page) + ", got " +
                std::to_string(r.row_count));
  if (r.start_row < 1) throw_usage("PJM StartRow must be 1 or more");
  if (r.to <= r.from) throw_usage("PJM window ends before it starts");
  const auto* feed = find_pjm_feed(r.feed);
  std::string fields = "datetime_beginning_utc,pnode_id,pnode_name";
  if (!r.type.empty()) fields += ",type";
  fields += "," + std::string(feed->price_field);
  std::string url = r.base + "/" + r.feed + "?RowCount=" + std::to_string(r.row_count) +
                    "&Order=Asc&StartRow=" + std::to_string(r.start_row) +
                    "&IsActiveMetadata=True&Fields=" + url_encode(fields);
  if (!r.type.empty()) url += "&type=" + url_encode(r.type);
  if (!r.pnode_ids.empty()) {
    std::string ids;
    for (const auto& id : r.pnode_ids) ids += (ids.empty() ? "" : ";") + id;
    url += "&pnode_id=" + url_encode(ids);
  }
  url += "&datetime_beginning_ept=" + url_encode(pjm_ept_range(r.from, r.to));
  return url;
}

std::vector<std::int64_t> pjm_page_starts(std::int64_t total_rows, std::int64_t row_count) {
  std::vector<std::int64_t> out;
  if (row_count < 1) return out;
  for (std::int64_t s = 1; s <= total_rows; s += row_count) out.push_back(s);
  return out;
}

Reply parse_pjm_reply(std::string_view body, const std::string& what, std::string_view feed_name) {
  const auto root = parse_json_body(body, what);
  if (!root.is_object()) bad_body(what, "reply", {}, "an object", std::string(json_type(root)));
  std::string name(feed_name);
  if (name.empty()) name = feed_from_links(root);
  const PjmFeed* feed = find_pjm_feed(name);
  if (!feed)
    bad_body(what, "links", "self",
             name.empty() ? "no self link names the feed (pass it)" : "unknown PJM feed '" + name + "'");
  Reply out;
  const auto total = json_integer(root, "totalRows", what, "reply");
  if (total < 0) bad_body(what, "reply", "totalRows", "a count of 0 or more", std::to_string(total));
  out.paging.total_records = total;
  if (auto spec = root.find("searchSpecification"); spec != root.end() && spec->is_object()) {
    auto rc = spec->find("rowCount"), sr = spec->find("startRow");
    if (rc != spec->end() && sr != spec->end() && rc->is_number_integer() && sr->is_number_integer()) {
      const auto count = rc->get<std::int64_t>(), start = sr->get<std::int64_t>();
      if (count > 0 && start > 0) {
        out.paging.current_page = (start - 1) / count + 1;
        out.paging.total_pages = (total + count - 1) / count;
      }
    }
  }
  const auto& items = json_member(root, "items", what, "reply");
  if (!items.is_array()) bad_body(what, "reply", "items", "an array", json_got(items));
  const std::string price_field(feed->price_field);
  out.prices.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& it = items[i];
    const auto where = indexed("items", i);
    if (!it.is_object()) bad_body(what, where, {}, "an object", json_got(it));
    if (auto cur = it.find("row_is_current"); cur != it.end()) {
      // A JSON boolean, or "True"/"False" as PJM writes it in its CSV downloads.
      bool current = true;
      if (cur->is_boolean()) current = cur->get<bool>();
      else if (cur->is_string() && (*cur == "True" || *cur == "False")) current = *cur == "True";
      else bad_body(what, where, "row_is_current", "true or false", json_got(*cur));
      if (!current) continue;  // superseded: history, not the price of now
    }
    PriceRow r;
    r.start = json_time(it, "datetime_beginning_utc", what, where, "UTC");
    r.minutes = feed->minutes;
    r.iso = "PJM";
    r.market = std::string(feed->market);
    r.node = json_string(it, "pnode_name", what, where);
    if (r.node.empty()) bad_body(what, where, "pnode_name", "a pnode name", "");
    if (it.contains("type")) r.node_type = json_string(it, "type", what, where);
    r.price = json_number(it, price_field.c_str(), what, where);
    if (it.contains("version_nbr")) r.version = static_cast<int>(json_integer(it, "version_nbr", what, where));
    r.currency = "USD";
    out.prices.push_back(std::move(r));
  }
  std::stable_sort(out.prices.begin(), out.prices.end(), [](const PriceRow& a, const PriceRow& b) {
    return std::tie(a.start, a.node, a.node_type) < std::tie(b.start, b.node, b.node_type);
  });
  return out;
}

}  // namespace hs::market::api
