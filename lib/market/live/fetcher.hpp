#pragma once
// powerfeed fetch: a source adapter turns one window (a scope such as a node, and one local
// market day) into records, with every page, token and rate limit of its API; run_fetch walks
// the asked days, skips windows the archive already holds as final, stores each fetched window
// in one transaction and reports revisions.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/credentials.hpp"
#include "market/fetch.hpp"
#include "market/live/archive.hpp"
#include "market/live/rate_limit.hpp"

namespace hs::market::live {

using Day = std::chrono::sys_days;  // a local market day, as a civil date

struct FetchPlan {
  std::string source;               // ercot
  std::string product;              // the source's product name (ercot: rt-spp, da-spp, ...)
  std::vector<std::string> scopes;  // nodes, ancillary types, or "*" for all
  Day from{}, to{};                 // local market days [from, to)
  std::string base_url, token_url;  // empty: the source's own (or its POWERFEED_<SOURCE>_* variable)
  FetchOptions http;
  int page_size = 0;                // 0: the adapter's default
  int refresh = 0;                  // refetch the last N windows of the range even when final
  int rate_per_minute = -1;         // -1: the source's documented limit; 0: none
};

struct FetchSummary {
  std::size_t windows = 0, fetched = 0, skipped = 0, requests = 0;
  std::size_t rows = 0, added = 0, revised = 0, removed = 0;
};

class Adapter {
 public:
  virtual ~Adapter() = default;
  virtual const char* zone() const = 0;  // IANA zone of the market day
  // Every row of one window (all pages), deduplicated; origin: the record source to name.
  virtual std::vector<Item> fetch_window(const std::string& scope, Day day, std::string& origin) = 0;
  virtual std::size_t requests() const = 0;
  // The scope when none is given ("*" where the API can return all at once); empty: required.
  virtual std::string default_scope() const = 0;
  // The record the product is written as: price, as_price or load_forecast.
  virtual std::string record() const = 0;
};

// Sources powerfeed fetch supports, and each one's products.
struct SourceInfo {
  const char* name;
  std::vector<std::string> products;
  int rate_per_minute;  // documented limit
};
const std::vector<SourceInfo>& fetch_sources();

std::unique_ptr<Adapter> make_adapter(const FetchPlan& plan, const Credentials& creds);

// Fetches what the archive lacks (or may have changed) and stores it. now: the fetch time,
// which decides whether a window is final (it has ended).
FetchSummary run_fetch(const FetchPlan& plan, Adapter& adapter, Archive& archive, UtcTime now);

// given when not empty, else the environment variable var when set, else fallback (base URLs:
// --base-url, then POWERFEED_<SOURCE>_BASE_URL, then the source's own).
std::string env_or(const std::string& var, const std::string& given, const std::string& fallback);

// "YYYY-MM-DD" of a day, and the UTC start of a local day in a zone.
std::string day_text(Day d);
UtcTime day_start_utc(Day d, const char* zone);

}  // namespace hs::market::live
