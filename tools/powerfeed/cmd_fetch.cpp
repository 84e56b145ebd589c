// powerfeed fetch SOURCE --product P [--node N]... --from DAY [--to DAY] [--archive FILE]
#include <date/date.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"

#include "core/record_output.hpp"
#include "market/record_cells.hpp"
#include "market/credentials.hpp"
#include "market/live/fetcher.hpp"

namespace powerfeed {

namespace live = hs::market::live;

namespace {
struct FetchCmd {
  std::string source, product, from, to, base_url, token_url, credentials, archive;
  std::vector<std::string> nodes, as_types;
  int refresh = 0, page_size = 0, rate_limit = -1;
  long timeout_s = 60;
  int retries = 4;
  hs::OutputOptions out;
};

void add_fetch_options(CLI::App& app, FetchCmd& c) {
  app.add_option("source", c.source, "Market API: ercot, pjm, entsoe, caiso, isone")->required()->type_name("SOURCE");
  app.add_option("--product", c.product, "What to fetch (ercot: rt-spp, da-spp, lmp, as-mcpc, load-forecast; see powerfeed(1))")
      ->required()
      ->type_name("NAME");
  app.add_option("--node", c.nodes, "Settlement point, pnode id or type, zone or location (repeatable)")->type_name("NAME");
  app.add_option("--as-type", c.as_types, "Ancillary service (ercot as-mcpc: REGUP, REGDN, RRS, ECRS, NSPIN; default all)")
      ->type_name("TYPE");
  app.add_option("--from", c.from, "First local market day: YYYY-MM-DD, today, yesterday or tomorrow")
      ->required()
      ->type_name("DAY");
  app.add_option("--to", c.to, "Day after the last one fetched (default: the day after --from)")->type_name("DAY");
  app.add_option("--archive", c.archive, "SQLite file keeping fetched windows; a rerun fetches only what is missing")
      ->type_name("FILE");
  app.add_option("--refresh", c.refresh, "Refetch the last N days of the range even when archived (corrections)")
      ->type_name("N");
  app.add_option("--credentials", c.credentials, "TOML credentials file (default ~/.config/hybridsite/credentials.toml)")
      ->type_name("FILE");
  app.add_option("--base-url", c.base_url, "API base URL (tests, proxies); also POWERFEED_<SOURCE>_BASE_URL")
      ->type_name("URL");
  app.add_option("--token-url", c.token_url, "Token endpoint URL; also POWERFEED_ERCOT_TOKEN_URL")->type_name("URL");
  app.add_option("--page-size", c.page_size, "Rows asked per page (default: the source's own)")->type_name("N");
  app.add_option("--rate-limit", c.rate_limit, "Requests a minute (default: the source's documented limit; 0 none)")
      ->type_name("N");
  app.add_option("--timeout", c.timeout_s, "Seconds before a request is given up")->type_name("SECONDS");
  app.add_option("--retries", c.retries, "Extra attempts on 429, 5xx and refused connections")->type_name("N");
  hs::add_output_options(app, c.out);
}

live::Day parse_day(const std::string& text, const char* option, const char* zone, hs::UtcTime now) {
  auto today = date::floor<date::days>(hs::utc_to_local(now, zone));
  live::Day local_today{today.time_since_epoch()};
  if (text == "today") return local_today;
  if (text == "yesterday") return local_today - date::days{1};
  if (text == "tomorrow") return local_today + date::days{1};
  int y = 0;
  unsigned m = 0, d = 0;
  const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                      std::sscanf(text.c_str(), "%4d-%2u-%2u", &y, &m, &d) == 3;
  date::year_month_day ymd{date::year{y}, date::month{m}, date::day{d}};
  if (!shaped || !ymd.ok())
    hs::throw_usage(std::string(option) + ": expected a day YYYY-MM-DD, today, yesterday or tomorrow, got \"" + text +
                    "\"");
  return date::sys_days{ymd};
}

int run_fetch(const FetchCmd& c) {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  live::FetchPlan plan;
  plan.source = c.source;
  plan.product = c.product;
  plan.base_url = c.base_url;
  plan.token_url = c.token_url;
  plan.http.timeout_s = c.timeout_s;
  plan.http.retries = c.retries;
  plan.page_size = c.page_size;
  plan.refresh = c.refresh;
  plan.rate_per_minute = c.rate_limit;
  if (c.refresh < 0) hs::throw_usage("--refresh: expected a count of days, 0 or more");
  if (c.timeout_s <= 0) hs::throw_usage("--timeout: expected seconds, more than 0");
  // Credentials are read before anything is fetched: a bad file stops the run at once.
  auto creds = hs::market::Credentials::load(c.credentials);
  auto adapter = live::make_adapter(plan, creds);
  plan.from = parse_day(c.from, "--from", adapter->zone(), now);
  plan.to = c.to.empty() ? plan.from + date::days{1} : parse_day(c.to, "--to", adapter->zone(), now);
  if (plan.to <= plan.from) hs::throw_usage("--to: must be after --from (the range is [from, to))");
  const std::string record = adapter->record();
  if (record != "as_price" && !c.as_types.empty()) hs::throw_usage("--as-type: only with an ancillary-service product");
  if (record == "as_price" && !c.nodes.empty())
    hs::throw_usage("--node: not with an ancillary-service product (see --as-type)");
  if (record == "load_forecast" && c.source == "ercot" && !c.nodes.empty())
    hs::throw_usage("--product load-forecast: every weather zone and the system total come at once");
  plan.scopes = record == "as_price" ? c.as_types : c.nodes;
  if (plan.scopes.empty()) {
    if (adapter->default_scope().empty())
      hs::throw_usage("fetch " + c.source + " --product " + c.product + ": --node is required");
    plan.scopes = {adapter->default_scope()};
  }
  live::Archive archive(c.archive);
  // SIGINT/SIGTERM stop between windows (exit 130): the archive keeps every whole window.
  hs::install_interrupt_handler();
  // The output file is opened before fetching so an unwritable path fails before any request.
  live::FetchSummary sum;
  hs::write_records(c.out, record, [&](hs::RecordWriter& w) {
    sum = live::run_fetch(plan, *adapter, archive, now);
    for (const auto& scope : plan.scopes)
      archive.load(plan.source, plan.product, scope, live::day_text(plan.from), live::day_text(plan.to),
                   [&](const live::Item& it) { w.write(hs::market::live::item_cells(it)); });
  });
  hs::note("fetch " + c.source + " " + c.product + ": " + std::to_string(sum.fetched) + " window(s) fetched, " +
           std::to_string(sum.skipped) + " from the archive, " + std::to_string(sum.requests) + " request(s), " +
           std::to_string(sum.added) + " new row(s), " + std::to_string(sum.revised) + " revised");
  return 0;
}
}  // namespace

Runner add_fetch(CLI::App& app) {
  auto c = std::make_shared<FetchCmd>();
  add_fetch_options(app, *c);
  return [c] { return run_fetch(*c); };
}

}  // namespace powerfeed
