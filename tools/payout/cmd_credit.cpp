// payout credit: computes the scheme's rows for the input blocks and records, in one
// transaction, those of confirmed blocks not yet credited and reversals of orphaned ones.
#include <memory>

#include "commands.hpp"
#include "core/metrics.hpp"
#include "ledger/ledger.hpp"
#include "options.hpp"

namespace payout {

namespace {
struct CreditOptions {
  LedgerOptions ledger;
  SchemeOptions scheme;
  std::string metrics;
};
}  // namespace

Runner add_credit(CLI::App& app) {
  auto o = std::make_shared<CreditOptions>();
  add_ledger_options(app, o->ledger);
  add_scheme_options(app, o->scheme);
  hs::metrics::add_option(app, o->metrics);
  return [o] {
    namespace L = hs::ledger;
    hs::metrics::enable(o->metrics, "credit");
    auto params = scheme_params(o->scheme);
    // Everything is read and split before the ledger is opened: bad input changes nothing.
    auto blocks = L::read_blocks(o->scheme.blocks);
    L::AccountTable accounts;
    L::ShareReader reader(o->scheme.shares, accounts);
    std::vector<L::BlockCredit> credits;
    L::run_scheme(blocks, reader, accounts, params, [&](const L::Block& b, std::vector<L::CreditRow>& rows) {
      credits.push_back({b, b.status == L::BlockStatus::confirmed ? std::move(rows) : std::vector<L::CreditRow>{}});
    });
    L::Ledger ledger(o->ledger.file(), true, o->ledger.busy_timeout_ms);
    auto s = ledger.credit(credits, params.scheme);
    hs::metrics::gauge("ledger_blocks_credited", "Blocks the last credit run credited.", static_cast<double>(s.credited));
    hs::metrics::gauge("ledger_blocks_reversed", "Orphaned blocks the last credit run reversed.", static_cast<double>(s.reversed));
    ledger_metrics(ledger);
    hs::note("credited " + std::to_string(s.credited) + " block(s), reversed " + std::to_string(s.reversed) +
             " orphaned, " + std::to_string(s.already) + " already done, " + std::to_string(s.immature) +
             " immature skipped, " + std::to_string(s.orphan_uncredited) + " orphaned never credited");
    if (s.reversed_before > 0)
      hs::warn(std::to_string(s.reversed_before) + " block(s) listed as confirmed were reversed earlier as orphaned; not credited again");
    return 0;
  };
}

}  // namespace payout
