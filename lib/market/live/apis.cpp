// Adapters for the APIs whose reply parsers live in lib/market/api/ (pjm, entsoe, caiso, isone):
// each builds the window's request with the parser's URL builder, adds its credentials where
// the API wants them (header, query, basic auth) just before the request, pages where the
// API pages, and keeps only the rows of the window.
#include <cstdlib>
#include <map>
#include <tuple>

#include <date/date.h>

#include "core/cli.hpp"
#include "core/error.hpp"
#include "market/api/caiso.hpp"
#include "market/api/entsoe.hpp"
#include "market/api/isone.hpp"
#include "market/api/pjm.hpp"
#include "market/live/fetcher.hpp"

namespace hs::market::live {

namespace {

namespace api = hs::market::api;

// A window's rows by their archive key (kind, a, b, market, start, published, minutes).
using Rows = std::map<std::tuple<int, std::string, std::string, std::string, std::int64_t, std::int64_t, int>, Item>;

// What the four adapters share: rate limit, request count, keeping the window's rows once.
class BaseAdapter : public Adapter {
 public:
  BaseAdapter(const FetchPlan& plan, int default_rate, double spacing_s = 0)
      : plan_(plan), limiter_(plan.rate_per_minute >= 0 ? plan.rate_per_minute : default_rate, {}, {}, spacing_s) {}
  std::size_t requests() const override { return requests_; }

 protected:
  HttpResponse get(HttpRequest req) {
    if (double w = limiter_.acquire(); w >= 1)
      note("waited " + std::to_string(static_cast<int>(w + 0.5)) + " s for " + plan_.source + "'s request limit");
    ++requests_;
    return http_fetch(req, plan_.http);
  }
  // Rows of the reply that start inside [from, to), added to rows (last one wins on a key).
  static void keep(const api::Reply& reply, UtcTime from, UtcTime to, const std::string& origin, Rows& rows) {
    for (auto& it : items_of(reply)) {
      if (it.start < from || it.start >= to) continue;
      it.origin = origin;
      auto key = std::make_tuple(it.kind, it.a, it.b, it.market, it.start.time_since_epoch().count(),
                                 it.published ? it.published->time_since_epoch().count() : -1, it.minutes);
      rows.insert_or_assign(std::move(key), std::move(it));
    }
  }
  static std::vector<Item> values(Rows& rows) {
    std::vector<Item> out;
    out.reserve(rows.size());
    for (auto& [k, v] : rows) out.push_back(std::move(v));
    return out;
  }
  std::pair<UtcTime, UtcTime> bounds(Day d) const {
    return {day_start_utc(d, zone()), day_start_utc(d + date::days{1}, zone())};
  }

  const FetchPlan& plan_;
  RateLimiter limiter_;
  std::size_t requests_ = 0;
};

// PJM Data Miner 2: the key in Ocp-Apim-Subscription-Key; StartRow/RowCount paging to totalRows.
class PjmAdapter : public BaseAdapter {
 public:
  PjmAdapter(const FetchPlan& plan, const Credentials& creds)
      : BaseAdapter(plan, api::pjm_max_requests_per_minute),
        base_(env_or("POWERFEED_PJM_BASE_URL", plan.base_url, "https://api.pjm.com/api/v1")),
        key_(creds.require("pjm", "api_key", "PJM_API_KEY")) {
    if (!api::find_pjm_feed(plan.product))
      throw_usage("fetch pjm: unknown product \"" + plan.product +
                  "\" (a feed: da_hrl_lmps, rt_hrl_lmps, rt_unverified_hrl_lmps, rt_fivemin_hrl_lmps, "
                  "rt_unverified_fivemin_lmps, rt_fivemin_mnt_lmps)");
  }
  const char* zone() const override { return "America/New_York"; }
  std::string default_scope() const override { return ""; }
  std::string record() const override { return "price"; }
  std::vector<Item> fetch_window(const std::string& scope, Day day, std::string& origin) override {
    auto [from, to] = bounds(day);
    api::PjmRequest r;
    r.base = base_;
    r.feed = plan_.product;
    r.from = from, r.to = to;
    // A pnode id, or a pnode type (ZONE, HUB, ...) for every pnode of it.
    if (!scope.empty() && scope.find_first_not_of("0123456789;") == std::string::npos) {
      for (std::size_t p = 0, q; p <= scope.size(); p = q + 1) {
        q = scope.find(';', p);
        if (q == std::string::npos) q = scope.size();
        if (q > p) r.pnode_ids.push_back(scope.substr(p, q - p));
      }
    } else {
      r.type = scope;
    }
    if (plan_.page_size > 0) r.row_count = plan_.page_size;
    origin = base_ + "/" + plan_.product;
    Rows rows;
    std::vector<std::int64_t> starts = {1};
    for (std::size_t i = 0; i < starts.size(); ++i) {
      r.start_row = starts[i];
      HttpRequest req;
      req.url = api::build_pjm_url(r);
      req.headers = {"Ocp-Apim-Subscription-Key: " + key_, "Accept: application/json"};
      req.auth_hint = "set PJM_API_KEY (or [pjm] api_key in the credentials file) to a Data Miner 2 key";
      auto reply = api::parse_pjm_reply(get(req).body, redact_url(req.url), plan_.product);
      if (i == 0 && reply.paging.total_records) starts = api::pjm_page_starts(*reply.paging.total_records, r.row_count);
      keep(reply, from, to, origin, rows);
    }
    return values(rows);
  }

 private:
  std::string base_, key_;
};

// ENTSO-E: the securityToken is a query parameter, appended to the built URL only for the
// request itself (messages show it REDACTED; the record source is the base URL).
class EntsoeAdapter : public BaseAdapter {
 public:
  EntsoeAdapter(const FetchPlan& plan, const Credentials& creds)
      : BaseAdapter(plan, api::entsoe_max_requests_per_minute),
        base_(env_or("POWERFEED_ENTSOE_BASE_URL", plan.base_url, "https://web-api.tp.entsoe.eu/api")),
        token_(creds.require("entsoe", "token", "ENTSOE_TOKEN")) {
    if (plan.product != "da") throw_usage("fetch entsoe: unknown product \"" + plan.product + "\" (da: A44 day-ahead prices)");
    http_ = plan.http;
    http_.accept_xml = true;
  }
  const char* zone() const override { return "Europe/Brussels"; }
  std::string default_scope() const override { return ""; }
  std::string record() const override { return "price"; }
  std::vector<Item> fetch_window(const std::string& scope, Day day, std::string& origin) override {
    auto [from, to] = bounds(day);
    api::EntsoeRequest r;
    r.base = base_;
    r.zone = scope;
    r.from = from, r.to = to;
    const std::string url = api::build_entsoe_url(r);
    origin = base_;
    HttpRequest req;
    req.url = url + "&securityToken=" + percent_encode(token_);
    req.auth_hint = "set ENTSOE_TOKEN (or [entsoe] token in the credentials file) to a Transparency Platform token";
    if (double w = limiter_.acquire(); w >= 1) note("waited " + std::to_string(static_cast<int>(w + 0.5)) + " s");
    ++requests_;
    auto reply = api::parse_entsoe_reply(http_fetch(req, http_).body, url);
    Rows rows;
    keep(reply, from, to, origin, rows);
    return values(rows);
  }

 private:
  std::string base_, token_;
  FetchOptions http_;
};

// CAISO OASIS SingleZip: no key; one request per 5 s at most (OASIS answers 429 sooner).
class CaisoAdapter : public BaseAdapter {
 public:
  explicit CaisoAdapter(const FetchPlan& plan)
      : BaseAdapter(plan, 12, static_cast<double>(api::caiso_request_spacing.count())),
        base_(env_or("POWERFEED_CAISO_BASE_URL", plan.base_url, "https://oasis.caiso.com/oasisapi/SingleZip")) {
    static const std::map<std::string, std::string> runs = {
        {"PRC_LMP", "DAM"}, {"PRC_INTVL_LMP", "RTM"}, {"PRC_RTPD_LMP", "RTPD"}, {"PRC_AS", "DAM"}};
    auto it = runs.find(plan.product);
    if (it == runs.end())
      throw_usage("fetch caiso: unknown product \"" + plan.product + "\" (PRC_LMP, PRC_INTVL_LMP, PRC_RTPD_LMP, PRC_AS)");
    run_ = it->second;
  }
  const char* zone() const override { return "America/Los_Angeles"; }
  std::string default_scope() const override { return plan_.product == "PRC_AS" ? "*" : ""; }
  std::string record() const override { return plan_.product == "PRC_AS" ? "as_price" : "price"; }
  std::vector<Item> fetch_window(const std::string& scope, Day day, std::string& origin) override {
    auto [from, to] = bounds(day);
    api::CaisoRequest r;
    r.base = base_;
    r.queryname = plan_.product;
    r.market_run_id = run_;
    if (plan_.product == "PRC_AS") r.anc_type = scope == "*" ? "ALL" : scope;
    else r.node = scope;
    r.from = from, r.to = to;
    HttpRequest req;
    req.url = api::build_caiso_url(r);
    origin = base_;
    auto reply = api::parse_caiso_reply(get(req).body, redact_url(req.url));
    Rows rows;
    keep(reply, from, to, origin, rows);
    return values(rows);
  }

 private:
  std::string base_, run_;
};

// ISO-NE web services: HTTP basic auth, JSON asked for; one local day per request.
class IsoneAdapter : public BaseAdapter {
 public:
  IsoneAdapter(const FetchPlan& plan, const Credentials& creds)
      : BaseAdapter(plan, 60),
        base_(env_or("POWERFEED_ISONE_BASE_URL", plan.base_url, "https://webservices.iso-ne.com/api/v1.1")),
        auth_(base64(creds.require("isone", "username", "ISONE_USERNAME") + ":" +
                     creds.require("isone", "password", "ISONE_PASSWORD"))) {
    static const std::map<std::string, api::IsoneProduct> products = {
        {"da-lmp", api::IsoneProduct::hourly_lmp_da_final},
        {"rt-lmp", api::IsoneProduct::hourly_lmp_rt_final},
        {"rt-lmp-prelim", api::IsoneProduct::hourly_lmp_rt_prelim},
        {"rt-lmp-5min", api::IsoneProduct::five_minute_lmp},
        {"rt-demand", api::IsoneProduct::realtime_hourly_demand}};
    auto it = products.find(plan.product);
    if (it == products.end())
      throw_usage("fetch isone: unknown product \"" + plan.product + "\" (da-lmp, rt-lmp, rt-lmp-prelim, rt-lmp-5min, rt-demand)");
    product_ = it->second;
  }
  const char* zone() const override { return "America/New_York"; }
  std::string default_scope() const override { return "*"; }
  std::string record() const override {
    return product_ == api::IsoneProduct::realtime_hourly_demand ? "load_forecast" : "price";
  }
  std::vector<Item> fetch_window(const std::string& scope, Day day, std::string& origin) override {
    auto [from, to] = bounds(day);
    api::IsoneRequest r;
    r.base = base_;
    r.product = product_;
    r.day = date::format("%Y%m%d", day);
    r.location = scope == "*" ? "" : scope;
    HttpRequest req;
    req.url = api::build_isone_url(r);
    req.headers = {"Authorization: Basic " + auth_, "Accept: application/json"};
    req.auth_hint = "set ISONE_USERNAME and ISONE_PASSWORD (or [isone] username, password in the credentials file)";
    origin = redact_url(req.url.substr(0, req.url.find("/day/")));
    const std::string body = get(req).body, what = redact_url(req.url);
    api::Reply reply;
    switch (product_) {
      case api::IsoneProduct::hourly_lmp_da_final: reply = api::parse_isone_hourly_lmp_reply(body, what, "da"); break;
      case api::IsoneProduct::hourly_lmp_rt_final:
      case api::IsoneProduct::hourly_lmp_rt_prelim: reply = api::parse_isone_hourly_lmp_reply(body, what, "rt"); break;
      case api::IsoneProduct::five_minute_lmp: reply = api::parse_isone_five_minute_lmp_reply(body, what); break;
      case api::IsoneProduct::realtime_hourly_demand: reply = api::parse_isone_hourly_demand_reply(body, what); break;
    }
    Rows rows;
    keep(reply, from, to, origin, rows);
    return values(rows);
  }

 private:
  std::string base_, auth_;
  api::IsoneProduct product_{};
};

}  // namespace

std::unique_ptr<Adapter> make_api_adapter(const FetchPlan& plan, const Credentials& creds) {
  if (plan.source == "pjm") return std::make_unique<PjmAdapter>(plan, creds);
  if (plan.source == "entsoe") return std::make_unique<EntsoeAdapter>(plan, creds);
  if (plan.source == "caiso") return std::make_unique<CaisoAdapter>(plan);
  if (plan.source == "isone") return std::make_unique<IsoneAdapter>(plan, creds);
  return nullptr;
}

}  // namespace hs::market::live
