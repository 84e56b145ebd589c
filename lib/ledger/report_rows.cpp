// The ledger's report records (payment, balance, statement), built from its lines in the
// record's field order (lib/records/payout.cpp); tests/unit/ledger/report_rows_test.cpp
// checks them by field name.
#include "ledger/ledger.hpp"

namespace hs::ledger {

std::vector<Cell> PaymentLine::cells() const {
  return {batch, account, amount_sats, status, txid.empty() ? Cell() : Cell(txid)};
}

std::vector<Cell> BalanceLine::cells() const { return {account, credited, paid, pending, balance()}; }

std::vector<Cell> StatementLine::cells(const std::string& account) const {
  return {account,
          kind,
          height ? Cell(*height) : Cell(),
          block_hash.empty() ? Cell() : Cell(block_hash),
          batch ? Cell(*batch) : Cell(),
          amount,
          balance};
}

}  // namespace hs::ledger
