// payout: exact reward splits by the pools' schemes over a ledger that never pays twice.
// Thin driver: each subcommand lives in cmd_<name>.cpp, the work in lib/ledger/.
#include "commands.hpp"

int main(int argc, char** argv) {
  CLI::App app;
  hs::setup_app(app, "payout", "Exact reward splits (PPS, FPPS, PPLNS, PROP, SOLO, TIDES) and a payout ledger");
  app.require_subcommand(1);
  hs::Subcommands subs(app);
  subs.add("split", "Split blocks (or an amount by compute units) under a scheme, without a ledger", payout::add_split);
  subs.add("credit", "Credit confirmed blocks to the ledger; reverse orphaned ones", payout::add_credit);
  subs.add("pay", "Prepare a payment batch for balances at or above --min", payout::add_pay);
  subs.add("confirm", "Mark a pending batch as sent, with its transaction id", payout::add_confirm);
  subs.add("cancel", "Cancel a pending batch; its amounts return to the balances", payout::add_cancel);
  subs.add("balances", "Balances of every account, derived from credits and payments", payout::add_balances);
  subs.add("statement", "Credits and payments of one account with the running balance", payout::add_statement);
  subs.add("verify", "Re-derive every balance and check every block's conservation", payout::add_verify);
  return hs::run_tool(app, argc, argv, [&] {
    return subs.run();
  });
}
