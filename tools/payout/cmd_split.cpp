// payout split: the scheme's rows for every block of the input, or an amount split by compute
// units; no ledger is read or written.
#include <memory>
#include <optional>

#include "commands.hpp"
#include "core/record.hpp"
#include "ledger/credit_writer.hpp"
#include "ledger/inputs.hpp"
#include "ledger/schemes.hpp"
#include "ledger/units.hpp"
#include "options.hpp"

namespace payout {

namespace {
struct SplitOptions {
  SchemeOptions scheme;
  std::string units;
  std::optional<std::int64_t> amount;
  hs::OutputOptions out;
};

void write_rows(hs::ledger::CreditWriter& w, const hs::ledger::Block* b, const std::vector<hs::ledger::CreditRow>& rows) {
  w.block(b);
  for (const auto& r : rows) w.row(r.account, r.amount_sats, r.kind);
}
}  // namespace

Runner add_split(CLI::App& app) {
  auto o = std::make_shared<SplitOptions>();
  add_scheme_options(app, o->scheme);
  // --units/--amount replace --blocks/--shares: drop the requirement when they are used.
  app.get_option("--blocks")->required(false);
  app.get_option("--shares")->required(false);
  app.add_option("--units", o->units, "Contribution records: split --amount by compute units instead")->type_name("FILE");
  app.add_option("--amount", o->amount, "Satoshis to split by --units")->check(CLI::NonNegativeNumber)->type_name("SATS");
  hs::add_output_options(app, o->out);
  return [o] {
    namespace L = hs::ledger;
    auto params = scheme_params(o->scheme);
    hs::AtomicOutput out(o->out.output);
    if (!o->units.empty()) {
      if (!o->amount) hs::throw_usage("--units needs --amount SATS");
      L::CreditWriter w(out, o->out.fmt(), "units");
      auto rows = L::split_by_units(o->units, *o->amount, params.fee_bps);
      write_rows(w, nullptr, rows);
      w.finish();
    } else {
      if (o->scheme.blocks.empty() || o->scheme.shares.empty())
        hs::throw_usage("split needs --blocks and --shares (or --units and --amount)");
      auto blocks = L::read_blocks(o->scheme.blocks);
      L::CreditWriter w(out, o->out.fmt(), std::string(L::to_string(params.scheme)));
      L::AccountTable accounts;
      L::ShareReader reader(o->scheme.shares, accounts);
      L::run_scheme_rows(blocks, reader, accounts, params, [&](const L::Block& b, const std::vector<L::CreditRowView>& rows) {
        w.block(&b);
        for (const auto& r : rows) w.row(r.account, r.amount_sats, r.kind);
      });
      w.finish();
    }
    out.commit();
    return 0;
  };
}

}  // namespace payout
