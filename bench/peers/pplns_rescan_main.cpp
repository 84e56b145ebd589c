// pplns_rescan: the rows of `payout split --scheme pplns|tides` computed by rereading the share
// log for every block (pplns_rescan.hpp). bench/payout.sh times it against payout split, and
// tests/e2e/payout_split.sh compares the two outputs byte for byte. CSV on stdout.
#include "core/cli.hpp"
#include "core/io.hpp"
#include "ledger/credit_writer.hpp"
#include "ledger/exact.hpp"
#include "pplns_rescan.hpp"

int main(int argc, char** argv) {
  CLI::App app;
  hs::setup_app(app, "pplns_rescan", "PPLNS or TIDES rows, the share log reread for every block (a benchmark peer)");
  std::string scheme = "pplns", blocks, shares, window = "2", unfilled = "pool";
  int fee_bps = 0;
  app.add_option("--scheme", scheme, "pplns or tides")->check(CLI::IsMember({"pplns", "tides"}));
  app.add_option("--blocks", blocks, "Block records")->required()->type_name("FILE");
  app.add_option("--shares", shares, "Share records, in time order")->required()->type_name("FILE");
  app.add_option("--window", window, "PPLNS window X, as a multiple of network difficulty")->type_name("X");
  app.add_option("--unfilled", unfilled, "Where an unfilled window's part goes")
      ->check(CLI::IsMember({"pool", "prorata"}));
  app.add_option("--fee-bps", fee_bps, "Pool fee in basis points")->check(CLI::Range(0, 10000));
  return hs::run_tool(app, argc, argv, [&] {
    namespace L = hs::ledger;
    L::SchemeParams p;
    p.scheme = L::parse_scheme(scheme);
    const auto x = L::parse_scaled(window);
    if (!x || *x == 0) hs::throw_usage("--window: expected a positive number, got \"" + window + "\"");
    p.window_x = *x;
    p.unfilled = unfilled == "prorata" ? L::Unfilled::prorata : L::Unfilled::pool;
    p.fee_bps = static_cast<std::uint32_t>(fee_bps);
    hs::AtomicOutput out("-");
    L::CreditWriter w(out, hs::Format::csv, scheme);
    hs::bench::pplns_rescan(L::read_blocks(blocks), shares, p, [&](const L::Block& b, std::vector<L::CreditRow>& rows) {
      w.block(&b);
      for (const auto& r : rows) w.row(r.account, r.amount_sats, r.kind);
    });
    w.finish();
    out.commit();
    return 0;
  });
}
