// payout pay / confirm / cancel: the two-step payment. pay records a pending batch (and
// reserves its amounts) before printing it; nothing is sent by payout itself. confirm or
// cancel settles the batch. A rerun of pay while a batch is pending prints that batch again.
#include <algorithm>
#include <memory>

#include "commands.hpp"
#include "core/metrics.hpp"
#include "core/record_output.hpp"
#include "ledger/ledger.hpp"
#include "options.hpp"

namespace payout {

namespace {
struct PayOptions {
  LedgerOptions ledger;
  std::int64_t min_sats = -1;
  std::int64_t batch = 0;
  std::string txid;
  std::string metrics;
  hs::OutputOptions out;
};

void write_payments(const hs::OutputOptions& oo, const std::vector<hs::ledger::PaymentLine>& lines) {
  hs::write_records(oo, "payment", [&](hs::RecordWriter& w) {
    for (const auto& l : lines) w.write(l.cells());
  });
}

std::int64_t sum(const std::vector<hs::ledger::PaymentLine>& lines) {
  std::int64_t s = 0;
  for (const auto& l : lines) s += l.amount_sats;
  return s;
}
}  // namespace

Runner add_pay(CLI::App& app) {
  auto o = std::make_shared<PayOptions>();
  add_ledger_options(app, o->ledger);
  app.add_option("--min", o->min_sats, "Pay balances of at least SATS; smaller ones carry over")
      ->required()
      ->check(CLI::NonNegativeNumber)
      ->type_name("SATS");
  hs::metrics::add_option(app, o->metrics);
  hs::add_output_options(app, o->out);
  return [o] {
    hs::metrics::enable(o->metrics, "pay");
    hs::ledger::Ledger ledger(o->ledger.file(), false, o->ledger.busy_timeout_ms);
    bool reused = false;
    auto lines = ledger.pay(o->min_sats, reused);
    hs::metrics::gauge("payout_batch_sats", "Satoshis in the batch the last pay run printed (0: none).",
                       static_cast<double>(sum(lines)));
    hs::metrics::gauge("payout_batch_payments", "Payments in that batch.", static_cast<double>(lines.size()));
    ledger_metrics(ledger);
    if (lines.empty()) hs::note("nothing to pay: no balance reaches " + std::to_string(o->min_sats) + " sats");
    else if (reused)
      hs::warn("batch " + std::to_string(lines.front().batch) +
               " is still pending; printing it again (confirm or cancel it before a new batch)");
    else
      hs::note("batch " + std::to_string(lines.front().batch) + " recorded: " + std::to_string(lines.size()) +
               " payment(s), " + std::to_string(sum(lines)) + " sats; send it, then payout confirm");
    write_payments(o->out, lines);
    return 0;
  };
}

Runner add_confirm(CLI::App& app) {
  auto o = std::make_shared<PayOptions>();
  app.add_option("batch", o->batch, "Batch id")->required()->type_name("BATCH");
  add_ledger_options(app, o->ledger);
  app.add_option("--txid", o->txid, "Transaction id that paid the batch (64 hex digits)")->required()->type_name("TXID");
  hs::add_output_options(app, o->out);
  return [o] {
    bool hex = o->txid.size() == 64 && std::all_of(o->txid.begin(), o->txid.end(), [](char c) {
                 return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
               });
    if (!hex) hs::throw_usage("--txid: expected 64 hexadecimal digits, got " + hs::quote_for_message(o->txid));
    hs::ledger::Ledger ledger(o->ledger.file(), false, o->ledger.busy_timeout_ms);
    write_payments(o->out, ledger.confirm(o->batch, o->txid));
    return 0;
  };
}

Runner add_cancel(CLI::App& app) {
  auto o = std::make_shared<PayOptions>();
  app.add_option("batch", o->batch, "Batch id")->required()->type_name("BATCH");
  add_ledger_options(app, o->ledger);
  hs::add_output_options(app, o->out);
  return [o] {
    hs::ledger::Ledger ledger(o->ledger.file(), false, o->ledger.busy_timeout_ms);
    write_payments(o->out, ledger.cancel(o->batch));
    return 0;
  };
}

}  // namespace payout
