// payout balances / statement / verify: read-only views of the ledger.
#include <cstdio>
#include <memory>

#include "commands.hpp"
#include "core/record_output.hpp"
#include "ledger/inputs.hpp"
#include "ledger/ledger.hpp"
#include "options.hpp"

namespace payout {

namespace {
struct ReportOptions {
  LedgerOptions ledger;
  std::string account;
  hs::OutputOptions out;
};
}  // namespace

Runner add_balances(CLI::App& app) {
  auto o = std::make_shared<ReportOptions>();
  add_ledger_options(app, o->ledger);
  hs::add_output_options(app, o->out);
  return [o] {
    hs::ledger::Ledger ledger(o->ledger.file(), false, o->ledger.busy_timeout_ms);
    auto lines = ledger.balances();
    hs::write_records(o->out, "balance", [&](hs::RecordWriter& w) {
      for (const auto& b : lines) w.write(b.cells());
    });
    return 0;
  };
}

Runner add_statement(CLI::App& app) {
  auto o = std::make_shared<ReportOptions>();
  app.add_option("account", o->account, "Account")->required()->type_name("ACCOUNT");
  add_ledger_options(app, o->ledger);
  hs::add_output_options(app, o->out);
  return [o] {
    if (!hs::ledger::valid_account_name(o->account) && o->account.rfind(':', 0) != 0)
      hs::throw_usage("ACCOUNT: expected an account name, got " + hs::quote_for_message(o->account));
    hs::ledger::Ledger ledger(o->ledger.file(), false, o->ledger.busy_timeout_ms);
    auto lines = ledger.statement(o->account);
    hs::write_records(o->out, "statement", [&](hs::RecordWriter& w) {
      for (const auto& l : lines) w.write(l.cells(o->account));
    });
    return 0;
  };
}

Runner add_verify(CLI::App& app) {
  auto o = std::make_shared<ReportOptions>();
  add_ledger_options(app, o->ledger);
  return [o] {
    hs::ledger::Ledger ledger(o->ledger.file(), false, o->ledger.busy_timeout_ms);
    std::string summary;
    auto problems = ledger.verify(summary);
    for (const auto& p : problems) std::printf("FAIL: %s\n", p.c_str());
    std::printf("%s: %s, %zu problem(s)\n", problems.empty() ? "ok" : "FAILED", summary.c_str(), problems.size());
    std::fflush(stdout);
    return problems.empty() ? hs::exit_code::ok : hs::exit_code::failure;
  };
}

}  // namespace payout
