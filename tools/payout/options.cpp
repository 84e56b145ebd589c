#include "options.hpp"

#include <cmath>

#include "core/defaults.hpp"
#include "core/error.hpp"
#include "core/metrics.hpp"
#include "core/time.hpp"
#include "ledger/exact.hpp"

namespace payout {

void ledger_metrics(hs::ledger::Ledger& ledger) {
  if (!hs::metrics::enabled()) return;
  std::int64_t unpaid = 0, pending = 0, accounts = 0;
  for (const auto& b : ledger.balances()) {
    if (!b.account.empty() && b.account.front() == ':') continue;  // the pool's own rows
    unpaid += b.balance(), pending += b.pending, ++accounts;
  }
  namespace m = hs::metrics;
  m::gauge("ledger_unpaid_sats", "Satoshis credited to accounts and not yet in a batch.", static_cast<double>(unpaid));
  m::gauge("ledger_pending_sats", "Satoshis in a pending batch (prepared, not yet confirmed).", static_cast<double>(pending));
  m::gauge("ledger_accounts", "Accounts in the ledger.", static_cast<double>(accounts));
  const auto h = ledger.last_credited_height();
  m::gauge("ledger_last_block_height", "Height of the last block credited (not reversed); NaN: none.",
           h ? static_cast<double>(*h) : std::nan(""));
}


std::string LedgerOptions::file() const { return hs::require_file_option(path, "ledger"); }

void add_ledger_options(CLI::App& app, LedgerOptions& o) {
  app.add_option("--ledger", o.path, "Ledger file (SQLite); default $HYBRIDSITE_LEDGER or ledger in the config file")
      ->type_name("FILE");
  app.add_option("--busy-timeout", o.busy_timeout_ms, "Wait up to MS milliseconds for another run's lock, then exit 75")
      ->check(CLI::Range(0, 3600000))
      ->type_name("MS");
}

void add_scheme_options(CLI::App& app, SchemeOptions& o) {
  std::vector<std::string> names;
  for (const auto& info : hs::ledger::scheme_table()) names.emplace_back(info.name);
  app.add_option("--scheme", o.scheme, "Reward scheme: " + hs::ledger::scheme_names(", "))
      ->check(CLI::IsMember(names))
      ->type_name("SCHEME");
  app.add_option("--blocks", o.blocks, "Block records (- is stdin)")->required()->type_name("FILE");
  app.add_option("--shares", o.shares, "Share records, in time order")->required()->type_name("FILE");
  app.add_option("--window", o.window, "PPLNS window X, as a multiple of network difficulty")->type_name("X");
  app.add_option("--unfilled", o.unfilled, "Where an unfilled PPLNS window's part goes")
      ->check(CLI::IsMember({"pool", "prorata"}))
      ->type_name("WHERE");
  app.add_option("--fee-bps", o.fee_bps, "Pool fee in basis points (100 = 1%)")->check(CLI::Range(0, 10000))->type_name("BPS");
  app.add_option("--fee-window", o.fee_window, "FPPS: trailing blocks whose fees are averaged")
      ->check(CLI::Range(1, 100000))
      ->type_name("N");
  app.add_option("--log-complete-until", o.log_complete_until,
                 "The share log holds every share up to TIME: blocks after its last share but not after TIME are split")
      ->type_name("TIME");
}

hs::ledger::SchemeParams scheme_params(const SchemeOptions& o) {
  hs::ledger::SchemeParams p;
  p.scheme = hs::ledger::parse_scheme(o.scheme);
  auto x = hs::ledger::parse_scaled(o.window);
  if (!x || *x == 0) hs::throw_usage("--window: expected a positive number, got \"" + o.window + "\"");
  p.window_x = *x;
  p.unfilled = o.unfilled == "prorata" ? hs::ledger::Unfilled::prorata : hs::ledger::Unfilled::pool;
  p.fee_bps = static_cast<std::uint32_t>(o.fee_bps);
  p.fee_window = static_cast<std::uint32_t>(o.fee_window);
  if (!o.log_complete_until.empty()) {
    auto t = hs::try_parse_iso8601(o.log_complete_until);
    if (!t) hs::throw_usage("--log-complete-until: expected an ISO 8601 time such as 2026-12-07T12:00:00Z, got \"" +
                            o.log_complete_until + "\"");
    p.log_complete_until = t->time_since_epoch().count();
  }
  return p;
}

}  // namespace payout
