// payout's report records from the ledger's lines, checked by field name.
#include <catch2/catch.hpp>

#include "../record_fields.hpp"
#include "ledger/ledger.hpp"

namespace L = hs::ledger;
using hs::test::by_field;

TEST_CASE("payment, balance and statement rows: every figure in its column", "[ledger][records]") {
  L::PaymentLine p{7, "alice", 123456789, "sent", "9f3c"};
  auto row = by_field("payment", p.cells());
  CHECK((row.at("batch") == "7" && row.at("account") == "alice" && row.at("amount_sats") == "123456789"));
  CHECK((row.at("status") == "sent" && row.at("txid") == "9f3c"));
  p.txid.clear();
  CHECK(by_field("payment", p.cells()).at("txid") == "");

  const L::BalanceLine b{"bob", 5000, 1200, 300};
  row = by_field("balance", b.cells());
  CHECK((row.at("account") == "bob" && row.at("credited_sats") == "5000" && row.at("paid_sats") == "1200"));
  CHECK((row.at("pending_sats") == "300" && row.at("balance_sats") == "3500"));

  L::StatementLine s;
  s.kind = "credit", s.height = 840000, s.block_hash = "0000000000000000000320283a032748cef8227873ff4872689bf23f1cda83a5";
  s.amount = 2500, s.balance = 7500;
  row = by_field("statement", s.cells("carol"));
  CHECK((row.at("account") == "carol" && row.at("kind") == "credit" && row.at("height") == "840000"));
  CHECK(row.at("block_hash") == s.block_hash);
  CHECK((row.at("batch") == "" && row.at("amount_sats") == "2500" && row.at("balance_sats") == "7500"));
}
