#include "market/live/fetcher.hpp"

#include <date/date.h>

#include <cstdlib>

#include "core/cli.hpp"
#include "core/error.hpp"

namespace hs::market::live {

std::unique_ptr<Adapter> make_ercot_adapter(const FetchPlan& plan, const Credentials& creds);
std::unique_ptr<Adapter> make_api_adapter(const FetchPlan& plan, const Credentials& creds);

const std::vector<SourceInfo>& fetch_sources() {
  // Documented limits: ERCOT Public API 30 requests a minute (developer portal), ENTSO-E 400 a
  // minute per token or IP (Web API guide 1.8), PJM Data Miner 2 non-members 6 a minute.
  static const std::vector<SourceInfo> list = {
      {"ercot", {"rt-spp", "da-spp", "lmp", "as-mcpc", "load-forecast"}, 30},
      {"pjm", {"da_hrl_lmps", "rt_hrl_lmps", "rt_unverified_hrl_lmps", "rt_fivemin_hrl_lmps",
               "rt_unverified_fivemin_lmps", "rt_fivemin_mnt_lmps"}, 6},
      {"entsoe", {"da"}, 400},
      {"caiso", {"PRC_LMP", "PRC_INTVL_LMP", "PRC_RTPD_LMP", "PRC_AS"}, 12},
      {"isone", {"da-lmp", "rt-lmp", "rt-lmp-prelim", "rt-lmp-5min", "rt-demand"}, 60},
  };
  return list;
}

std::unique_ptr<Adapter> make_adapter(const FetchPlan& plan, const Credentials& creds) {
  if (plan.source == "ercot") return make_ercot_adapter(plan, creds);
  if (auto a = make_api_adapter(plan, creds)) return a;
  std::string names;
  for (const auto& s : fetch_sources()) names += (names.empty() ? "" : ", ") + std::string(s.name);
  throw_usage("fetch: unknown source \"" + plan.source + "\" (supported: " + names + ")");
}

std::string env_or(const std::string& var, const std::string& given, const std::string& fallback) {
  if (!given.empty()) return given;
  if (const char* v = std::getenv(var.c_str()); v && *v) return v;
  return fallback;
}

std::string day_text(Day d) { return date::format("%F", d); }

UtcTime day_start_utc(Day d, const char* zone) {
  return local_to_utc(LocalTime{std::chrono::duration_cast<std::chrono::seconds>(d.time_since_epoch())}, zone,
                      false, Location{}, "day");
}

FetchSummary run_fetch(const FetchPlan& plan, Adapter& adapter, Archive& archive, UtcTime now) {
  FetchSummary sum;
  const Day last_refresh = plan.to - date::days{plan.refresh};
  for (const auto& scope : plan.scopes) {
    for (Day d = plan.from; d < plan.to; d += date::days{1}) {
      ++sum.windows;
      WindowKey key{plan.source, plan.product, scope, day_text(d)};
      if (interrupted())
        throw Error(exit_code::interrupted, "fetch: interrupted before " + scope + " " + key.window +
                                                "; the windows fetched are kept in the archive, nothing written");
      if (d < last_refresh && archive.has_final(key)) {
        ++sum.skipped;
        continue;
      }
      progress("fetch " + plan.source + " " + plan.product + " " + scope + " " + key.window);
      std::string origin;
      auto items = adapter.fetch_window(scope, d, origin);
      // A window is final once it has ended: later runs leave it alone (unless --refresh).
      bool final = day_start_utc(d + date::days{1}, adapter.zone()) <= now;
      auto rep = archive.store(key, items, origin, final, now);
      ++sum.fetched;
      sum.rows += rep.rows, sum.added += rep.added, sum.revised += rep.revised, sum.removed += rep.removed;
      for (const auto& r : rep.revisions) note("revised " + r);
      if (rep.removed)
        warn(plan.source + " " + plan.product + " " + scope + " " + key.window + ": " +
             std::to_string(rep.removed) + " archived row(s) no longer served were removed");
    }
  }
  progress_done();
  sum.requests = adapter.requests();
  return sum;
}

}  // namespace hs::market::live
