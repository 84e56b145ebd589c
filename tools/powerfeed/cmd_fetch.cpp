// powerfeed fetch SOURCE --product P [--node N]... --from DAY [--to DAY] [--archive FILE]
// powerfeed fetch bitcoind|mempool [--btc-usd SOURCE]... [--blocks N] [--archive FILE]: hashprice
#include <date/date.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"

#include "core/defaults.hpp"
#include "core/metrics.hpp"
#include "core/parse.hpp"
#include "core/record_output.hpp"
#include "market/record_cells.hpp"
#include "core/credentials.hpp"
#include "market/live/fetcher.hpp"
#include "market/live/hashprice_fetch.hpp"

namespace powerfeed {

namespace live = hs::market::live;

namespace {
struct FetchCmd {
  std::string source, product, from, to, base_url, token_url, credentials, archive;
  std::vector<std::string> nodes, as_types;
  std::vector<std::string> btc_usd;  // hashprice: price sources
  std::string rpc_cookie;
  std::string metrics;
  int blocks = 144;
  std::optional<int> refresh;
  int page_size = 0, rate_limit = -1;
  long timeout_s = 60;
  int retries = 4;
  hs::OutputOptions out;
};

void add_fetch_options(CLI::App& app, FetchCmd& c) {
  app.add_option("source", c.source, "Market API: ercot, pjm, entsoe, caiso, isone; hashprice: bitcoind, mempool")
      ->required()
      ->type_name("SOURCE");
  app.add_option("--product", c.product,
                 "What to fetch (ercot: rt-spp, da-spp, lmp, as-mcpc, load-forecast; bitcoind, mempool: hashprice)")
      ->type_name("NAME");
  app.add_option("--node", c.nodes, "Settlement point, pnode id or type, zone or location (repeatable)")->type_name("NAME");
  app.add_option("--as-type", c.as_types, "Ancillary service (ercot as-mcpc: REGUP, REGDN, RRS, ECRS, NSPIN; default all)")
      ->type_name("TYPE");
  app.add_option("--from", c.from,
                 "First local market day: YYYY-MM-DD, today, yesterday or tomorrow (hashprice: archived snapshots since)")
      ->type_name("DAY");
  app.add_option("--to", c.to, "Day after the last one fetched (default: the day after --from)")->type_name("DAY");
  app.add_option("--archive", c.archive,
                 "SQLite file keeping fetched windows; a rerun fetches only what is missing; default "
                 "$HYBRIDSITE_ARCHIVE or archive in the config file")
      ->type_name("FILE");
  app.add_option("--refresh", c.refresh, "Refetch the last N days of the range even when archived (corrections); hashprice: the newest N "
                 "blocks (default 6)")
      ->type_name("N");
  app.add_option("--credentials", c.credentials, "TOML credentials file (default ~/.config/hybridsite/credentials.toml)")
      ->type_name("FILE");
  app.add_option("--base-url", c.base_url, "API base URL (tests, proxies); also POWERFEED_<SOURCE>_BASE_URL")
      ->type_name("URL");
  app.add_option("--token-url", c.token_url, "Token endpoint URL; also POWERFEED_ERCOT_TOKEN_URL")->type_name("URL");
  app.add_option("--page-size", c.page_size, "Rows asked per page (default: the source's own)")->type_name("N");
  app.add_option("--rate-limit", c.rate_limit, "Requests a minute (default: the source's documented limit; 0 none)")
      ->type_name("N");
  app.add_option("--btc-usd", c.btc_usd,
                 "Hashprice: a BTC/USD price source, coinbase, kraken, bitstamp or mempool (repeatable; default "
                 "coinbase and kraken)")
      ->type_name("SOURCE");
  app.add_option("--blocks", c.blocks, "Hashprice: mean the fees over the last N blocks")->capture_default_str()->type_name("N");
  app.add_option("--rpc-cookie", c.rpc_cookie, "bitcoind: the node's cookie file (default ~/.bitcoin/.cookie)")
      ->type_name("FILE");
  app.add_option("--timeout", c.timeout_s, "Seconds before a request is given up")->type_name("SECONDS");
  app.add_option("--retries", c.retries, "Extra attempts on 429, 5xx and refused connections")->type_name("N");
  hs::metrics::add_option(app, c.metrics);
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

bool hashprice_source(const std::string& s) { return s == "bitcoind" || s == "mempool"; }

// A hashprice snapshot, stored in the archive; written alone, or with the archive's snapshots
// since --from (UTC days) when --from is given.
int run_hashprice(const FetchCmd& c, hs::UtcTime now) {
  if (!c.product.empty() && c.product != "hashprice")
    hs::throw_usage("fetch " + c.source + ": unknown product \"" + c.product + "\" (hashprice)");
  if (!c.nodes.empty() || !c.as_types.empty() || c.page_size || !c.token_url.empty())
    hs::throw_usage("fetch " + c.source + ": --node, --as-type, --page-size and --token-url are for market "
                    "sources");
  live::HashpricePlan plan;
  plan.source = c.source;
  plan.base_url = c.base_url;
  plan.price_sources = c.btc_usd.empty() ? std::vector<std::string>{"coinbase", "kraken"} : c.btc_usd;
  plan.blocks = c.blocks;
  if (c.refresh && *c.refresh < 0) hs::throw_usage("--refresh: expected a count of blocks, 0 or more");
  plan.refresh_blocks = c.refresh.value_or(6);
  plan.cookie_file = c.rpc_cookie;
  plan.http.timeout_s = c.timeout_s;
  plan.http.retries = c.retries;
  plan.rate_per_minute = c.rate_limit;
  std::optional<live::Day> from, to;
  if (!c.from.empty()) from = parse_day(c.from, "--from", "UTC", now);
  if (!c.to.empty()) {
    if (!from) hs::throw_usage("--to: needs --from");
    to = parse_day(c.to, "--to", "UTC", now);
    if (*to <= *from) hs::throw_usage("--to: must be after --from (the range is [from, to))");
  }
  auto creds = hs::Credentials::load(c.credentials);
  live::Archive archive(hs::file_option(c.archive, "archive"));
  hs::install_interrupt_handler();
  live::HashpriceFetch got;
  hs::write_records(c.out, "hashprice", [&](hs::RecordWriter& w) {
    got = live::fetch_hashprice(plan, creds, archive, now);
    if (!from) {
      w.write(hs::market::bitcoin::snapshot_cells(got.snapshot));
      return;
    }
    const hs::UtcTime end = to ? hs::UtcTime{std::chrono::duration_cast<std::chrono::seconds>(to->time_since_epoch())}
                               : now + std::chrono::seconds{1};
    archive.load_snapshots(c.source, hs::UtcTime{std::chrono::duration_cast<std::chrono::seconds>(from->time_since_epoch())},
                           end, [&](const hs::market::bitcoin::Snapshot& s) { w.write(hs::market::bitcoin::snapshot_cells(s)); });
  });
  const auto& s = got.snapshot;
  const hs::metrics::Labels l{{"source", c.source}, {"chain", s.chain}};
  hs::metrics::gauge("hashprice_usd_per_ph_day", "Hashprice fetched: what one PH/s earns a day, USD.", s.hashprice_usd_per_ph_day, l);
  hs::metrics::gauge("btc_usd", "BTC/USD price of the hashprice fetched (the median of the sources that answered).", s.btc_usd, l);
  hs::metrics::gauge("network_difficulty", "Network difficulty at the tip.", s.difficulty, l);
  hs::metrics::gauge("block_height", "Height of the tip.", static_cast<double>(s.block_height), l);
  hs::metrics::gauge("price_sources_failed", "BTC/USD price sources that did not answer.",
                     static_cast<double>(got.failed_prices.size()), l);
  hs::note("fetch " + c.source + " hashprice: " + hs::format_double(s.hashprice_usd_per_ph_day) + " USD/PH/day at height " +
           std::to_string(s.block_height) + " (" + s.chain + "), " + std::to_string(got.blocks_read) + " block(s) read, " +
           std::to_string(got.blocks_archived) + " from the archive, " + std::to_string(got.requests) + " request(s)");
  return 0;
}

int run_fetch(const FetchCmd& c) {
  hs::metrics::enable(c.metrics, "fetch");
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  if (hashprice_source(c.source)) return run_hashprice(c, now);
  if (!c.btc_usd.empty() || !c.rpc_cookie.empty())
    hs::throw_usage("--btc-usd and --rpc-cookie are for the hashprice sources, bitcoind and mempool");
  if (c.product.empty()) hs::throw_usage("fetch " + c.source + ": --product is required");
  if (c.from.empty()) hs::throw_usage("fetch " + c.source + ": --from is required");
  live::FetchPlan plan;
  plan.source = c.source;
  plan.product = c.product;
  plan.base_url = c.base_url;
  plan.token_url = c.token_url;
  plan.http.timeout_s = c.timeout_s;
  plan.http.retries = c.retries;
  plan.page_size = c.page_size;
  plan.refresh = c.refresh.value_or(0);
  plan.rate_per_minute = c.rate_limit;
  if (plan.refresh < 0) hs::throw_usage("--refresh: expected a count of days, 0 or more");
  if (c.timeout_s <= 0) hs::throw_usage("--timeout: expected seconds, more than 0");
  // Credentials are read before anything is fetched: a bad file stops the run at once.
  auto creds = hs::Credentials::load(c.credentials);
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
  live::Archive archive(hs::file_option(c.archive, "archive"));
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
  const hs::metrics::Labels l{{"source", c.source}, {"product", c.product}};
  hs::metrics::gauge("fetch_windows", "Windows (a node's market day) the last fetch fetched.", static_cast<double>(sum.fetched), l);
  hs::metrics::gauge("fetch_windows_archived", "Windows the last fetch took from the archive.", static_cast<double>(sum.skipped), l);
  hs::metrics::gauge("fetch_rows_added", "Rows the last fetch added to the archive.", static_cast<double>(sum.added), l);
  hs::metrics::gauge("fetch_rows_revised", "Archived rows the last fetch found changed.", static_cast<double>(sum.revised), l);
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
