#pragma once
// Options several payout subcommands share.
#include <string>

#include "core/cli.hpp"
#include "ledger/ledger.hpp"
#include "ledger/schemes.hpp"

namespace payout {

struct LedgerOptions {
  std::string path;
  int busy_timeout_ms = 5000;
  // --ledger, else $HYBRIDSITE_LEDGER or the config file's (core/defaults.hpp).
  std::string file() const;
};
void add_ledger_options(CLI::App& app, LedgerOptions& o);

struct SchemeOptions {
  std::string scheme = "pplns";
  std::string window = "2";
  std::string unfilled = "pool";
  int fee_bps = 0;
  int fee_window = 144;
  std::string log_complete_until;
  std::string blocks, shares;
};
void add_scheme_options(CLI::App& app, SchemeOptions& o);
hs::ledger::SchemeParams scheme_params(const SchemeOptions& o);

// --metrics: the ledger's unpaid and pending balances, accounts and last block credited.
void ledger_metrics(hs::ledger::Ledger& ledger);

}  // namespace payout
