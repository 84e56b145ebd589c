// ERCOT Public API adapter: the B2C token flow (a password grant whose id_token is the Bearer
// value), the Ocp-Apim-Subscription-Key header, and _meta paging (page=1..totalPages, no next
// link). Rows that tie on the API's sort key come back in no defined order across pages, so
// the window's rows are de-duplicated on their full key and counted against totalRecords.
#include <chrono>
#include <cstdlib>
#include <map>
#include <tuple>

#include <date/date.h>

#include "core/cli.hpp"
#include "core/error.hpp"
#include "market/api/ercot.hpp"
#include "market/ercot.hpp"
#include "market/live/fetcher.hpp"

namespace hs::market::live {

namespace {

namespace ea = hs::market::api::ercot;

constexpr const char* default_base = "https://api.ercot.com/api/public-reports";
constexpr const char* default_token =
    "https://ercotb2c.b2clogin.com/ercotb2c.onmicrosoft.com/B2C_1_PUBAPI-ROPC-FLOW/oauth2/v2.0/token";
// ERCOT's public client id for the password grant (published in its API user guide; not a secret).
constexpr const char* client_id = "fec253ea-0d06-4272-a5e6-b478baeecd70";
constexpr const char* auth_hint =
    "set ERCOT_USERNAME, ERCOT_PASSWORD and ERCOT_SUBSCRIPTION_KEY (or [ercot] username, password, "
    "subscription_key in the credentials file) to an ERCOT API account";
// One market day of one node fits one page; ties on the sort key then cannot move rows between pages.
constexpr int default_page_size = 50000;

std::string env_or(const char* name, const std::string& given, const char* fallback) {
  if (!given.empty()) return given;
  if (const char* v = std::getenv(name); v && *v) return v;
  return fallback;
}

class ErcotAdapter : public Adapter {
 public:
  ErcotAdapter(const FetchPlan& plan, const Credentials& creds)
      : plan_(plan),
        product_(*ea::parse_product(plan.product)),
        base_(env_or("POWERFEED_ERCOT_BASE_URL", plan.base_url, default_base)),
        token_url_(env_or("POWERFEED_ERCOT_TOKEN_URL", plan.token_url, default_token)),
        username_(creds.require("ercot", "username", "ERCOT_USERNAME")),
        password_(creds.require("ercot", "password", "ERCOT_PASSWORD")),
        key_(creds.require("ercot", "subscription_key", "ERCOT_SUBSCRIPTION_KEY")),
        limiter_(plan.rate_per_minute >= 0 ? plan.rate_per_minute : 30) {
    while (!base_.empty() && base_.back() == '/') base_.pop_back();
  }

  const char* zone() const override { return hs::market::ercot::zone; }
  std::size_t requests() const override { return requests_; }
  std::string record() const override { return ea::info(product_).record; }
  std::string default_scope() const override {
    return product_ == ea::Product::as_mcpc || product_ == ea::Product::load_forecast ? "*" : "";
  }

  std::vector<Item> fetch_window(const std::string& scope, Day day, std::string& origin) override {
    const auto& info = ea::info(product_);
    origin = redact_url(base_ + "/" + info.path);
    int size = plan_.page_size > 0 ? plan_.page_size : default_page_size;
    for (int attempt = 0;; ++attempt) {
      auto [items, distinct_rows, total] = fetch_pages(scope, day, size, origin);
      if (!total || distinct_rows >= *total) return in_day(std::move(items), day);
      if (attempt == 1)
        throw Error(exit_code::unavailable, origin + " " + day_text(day) + ": " + std::to_string(distinct_rows) +
                                                " distinct rows of the " + std::to_string(*total) +
                                                " the reply counts, after asking again in one page");
      // Rows tied on the sort key moved between pages: ask once more for the whole window in one page.
      warn(origin + " " + day_text(day) + ": " + std::to_string(distinct_rows) + " distinct rows of " +
           std::to_string(*total) + "; asking again in one page");
      size = static_cast<int>(std::max<std::int64_t>(*total, size));
    }
  }

 private:
  // The rows of the market day asked for: a reply may hold more (a day-ahead report the next
  // day too), and the window, its archive entry and its count are that day's, as every other
  // source's are.
  std::vector<Item> in_day(std::vector<Item> items, Day day) const {
    const UtcTime from = day_start_utc(day, zone()), to = day_start_utc(day + date::days{1}, zone());
    std::erase_if(items, [&](const Item& it) { return it.start < from || it.start >= to; });
    return items;
  }

  std::string query(const std::string& scope, Day day, int size, std::int64_t page) const {
    const std::string d = day_text(day);
    std::vector<std::pair<std::string, std::string>> q;
    switch (product_) {
      case ea::Product::lmp:
        q = {{"SCEDTimestampFrom", d + "T00:00:00"}, {"SCEDTimestampTo", d + "T23:59:59"}, {"settlementPoint", scope}};
        break;
      case ea::Product::as_mcpc:
        q = {{"deliveryDateFrom", d}, {"deliveryDateTo", d}};
        if (scope != "*") q.push_back({"ancillaryType", scope});
        break;
      case ea::Product::load_forecast:
        q = {{"deliveryDateFrom", d}, {"deliveryDateTo", d}};
        if (scope != "*") q.push_back({"model", scope});
        break;
      default:
        q = {{"deliveryDateFrom", d}, {"deliveryDateTo", d}, {"settlementPoint", scope}};
    }
    q.push_back({"size", std::to_string(size)});
    q.push_back({"page", std::to_string(page)});
    return form_encode(q);
  }

  const std::string& bearer() {
    using clock = std::chrono::steady_clock;
    if (token_.empty() || clock::now() >= token_expiry_) {
      pace();
      HttpRequest req;
      req.url = token_url_;
      req.form = form_encode({{"grant_type", "password"},
                              {"username", username_},
                              {"password", password_},
                              {"response_type", "id_token"},
                              {"scope", std::string("openid ") + client_id + " offline_access"},
                              {"client_id", client_id}});
      req.auth_hint = auth_hint;
      req.auth_on_400 = true;  // B2C answers a wrong password with 400 invalid_grant
      ++requests_;
      auto r = http_fetch(req, plan_.http);
      auto t = ea::parse_token(r.body, redact_url(token_url_));
      token_ = std::move(t.id_token);
      // Renew a minute early so a long backfill never sends an expired token.
      token_expiry_ = clock::now() + std::chrono::seconds(std::max(0L, t.expires_in_s - 60));
    }
    return token_;
  }

  void pace() {
    if (double w = limiter_.acquire(); w >= 1)
      note("waited " + std::to_string(static_cast<int>(w + 0.5)) + " s for ERCOT's limit of " +
           std::to_string(limiter_.per_minute()) + " requests a minute (--rate-limit)");
  }

  HttpResponse get(const std::string& url) {
    for (int attempt = 0;; ++attempt) {
      HttpRequest req;
      req.url = url;
      req.headers = {"Authorization: Bearer " + bearer(), "Ocp-Apim-Subscription-Key: " + key_,
                     "Accept: application/json"};
      req.auth_hint = auth_hint;
      pace();
      ++requests_;
      try {
        return http_fetch(req, plan_.http);
      } catch (const Error& e) {
        // An expired or revoked token: one fresh token, then the refusal stands.
        if (e.code() != exit_code::no_perm || attempt > 0) throw;
        token_.clear();
      }
    }
  }

  std::tuple<std::vector<Item>, std::int64_t, std::optional<std::int64_t>> fetch_pages(const std::string& scope,
                                                                                      Day day, int size,
                                                                                      const std::string& origin) {
    using Key = std::tuple<int, std::string, std::string, std::string, std::int64_t, std::int64_t>;
    std::map<Key, Item> rows;
    std::optional<std::int64_t> total;
    std::int64_t pages = 1, parsed_rows = 0, parsed_items = 0;
    const std::string endpoint = base_ + "/" + ea::info(product_).path;
    for (std::int64_t page = 1; page <= pages; ++page) {
      const std::string url = endpoint + "?" + query(scope, day, size, page);
      auto r = get(url);
      auto reply = ea::parse_reply(r.body, product_, redact_url(url));
      if (page == 1) {
        total = reply.paging.total_records;
        pages = reply.paging.total_pages.value_or(1);
      }
      auto items = items_of(reply);
      const std::size_t page_rows =
          product_ == ea::Product::load_forecast ? items.size() / 9 : items.size();  // 9 areas a row
      parsed_rows += static_cast<std::int64_t>(page_rows), parsed_items += static_cast<std::int64_t>(items.size());
      for (auto& it : items) {
        it.origin = origin;
        Key k{it.kind, it.a, it.b, it.market, it.start.time_since_epoch().count(),
              it.published ? it.published->time_since_epoch().count() : -1};
        rows.insert_or_assign(std::move(k), std::move(it));
      }
    }
    std::vector<Item> out;
    out.reserve(rows.size());
    for (auto& [k, v] : rows) out.push_back(std::move(v));
    std::int64_t per_row = parsed_rows ? std::max<std::int64_t>(1, parsed_items / parsed_rows) : 1;
    return {std::move(out), static_cast<std::int64_t>(rows.size()) / per_row, total};
  }

  const FetchPlan& plan_;
  ea::Product product_;
  std::string base_, token_url_, username_, password_, key_;
  RateLimiter limiter_;
  std::string token_;
  std::chrono::steady_clock::time_point token_expiry_{};
  std::size_t requests_ = 0;
};

}  // namespace

std::unique_ptr<Adapter> make_ercot_adapter(const FetchPlan& plan, const Credentials& creds) {
  if (!ea::parse_product(plan.product)) {
    std::string names;
    for (const auto& p : ea::products()) names += (names.empty() ? "" : ", ") + std::string(p.name);
    throw_usage("fetch ercot: unknown product \"" + plan.product + "\" (one of " + names + ")");
  }
  return std::make_unique<ErcotAdapter>(plan, creds);
}

}  // namespace hs::market::live
