// payout: exact reward splits by the pools' schemes over a ledger that never pays twice.
// Thin driver: each subcommand lives in cmd_<name>.cpp, the work in lib/ledger/.
#include <map>

#include "commands.hpp"

int main(int argc, char** argv) {
  CLI::App app;
  hs::setup_app(app, "payout", "Exact reward splits (PPS, FPPS, PPLNS, PROP, SOLO, TIDES) and a payout ledger");
  app.require_subcommand(1);
  std::map<CLI::App*, payout::Runner> runners;
  auto add = [&](const char* name, const char* what, payout::Runner (*fn)(CLI::App&)) {
    auto* sub = app.add_subcommand(name, what);
    runners[sub] = fn(*sub);
  };
  add("split", "Split blocks (or an amount by compute units) under a scheme, without a ledger", payout::add_split);
  add("credit", "Credit confirmed blocks to the ledger; reverse orphaned ones", payout::add_credit);
  add("pay", "Prepare a payment batch for balances at or above --min", payout::add_pay);
  add("confirm", "Mark a pending batch as sent, with its transaction id", payout::add_confirm);
  add("cancel", "Cancel a pending batch; its amounts return to the balances", payout::add_cancel);
  add("balances", "Balances of every account, derived from credits and payments", payout::add_balances);
  add("statement", "Credits and payments of one account with the running balance", payout::add_statement);
  add("verify", "Re-derive every balance and check every block's conservation", payout::add_verify);
  return hs::run_tool(app, argc, argv, [&] {
    for (auto& [sub, run] : runners)
      if (sub->parsed()) return run();
    throw hs::Error(hs::exit_code::usage, "a subcommand is required");
  });
}
