// The SQLite ledger through its C++ interface: idempotent credit, reversal of an orphan,
// batches that reserve balances, refusals, and verify on a consistent ledger. (Crashes,
// concurrent runs and tampering are in tests/e2e/payout_*.sh, which need separate processes.)
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "core/error.hpp"
#include "ledger/ledger.hpp"

using namespace hs::ledger;

namespace {
struct TempLedger {
  std::string path = std::filesystem::temp_directory_path() / ("payout_unit_" + std::to_string(::getpid()) + ".db");
  TempLedger() { std::filesystem::remove(path); }
  ~TempLedger() { std::filesystem::remove(path); }
};

BlockCredit block(std::int64_t height, BlockStatus status, std::vector<CreditRow> rows, std::int64_t reward) {
  BlockCredit bc;
  bc.block.height = height;
  bc.block.hash = std::string(63, '0') + std::to_string(height % 10);
  bc.block.subsidy_sats = reward;
  bc.block.status = status;
  bc.rows = std::move(rows);
  return bc;
}

std::int64_t balance_of(Ledger& l, const std::string& account) {
  for (const auto& b : l.balances())
    if (b.account == account) return b.balance();
  return -999;
}
}  // namespace

TEST_CASE("ledger: credit once, reverse an orphan, pay, confirm, verify", "[ledger][sqlite]") {
  TempLedger t;
  Ledger l(t.path, true, 1000);
  // 100 sats over three equal contributors as the split gives them: 34/33/33.
  auto b1 = block(1, BlockStatus::confirmed, {{"alice", 34, "reward"}, {"bob", 33, "reward"}, {"carol", 33, "reward"}}, 100);
  auto s = l.credit({b1}, Scheme::prop);
  CHECK(s.credited == 1);
  s = l.credit({b1}, Scheme::pplns);  // twice: nothing
  CHECK(s.credited == 0);
  CHECK(s.already == 1);
  CHECK(balance_of(l, "alice") == 34);

  auto b2 = block(2, BlockStatus::confirmed, {{"alice", 50, "reward"}, {":fee", 10, "fee"}}, 60);
  l.credit({b2}, Scheme::prop);
  CHECK(balance_of(l, "alice") == 84);
  b2.block.status = BlockStatus::orphaned;
  s = l.credit({b2}, Scheme::prop);
  CHECK(s.reversed == 1);
  CHECK(balance_of(l, "alice") == 34);  // 84 - 50
  CHECK(balance_of(l, ":fee") == 0);

  bool reused = true;
  auto batch = l.pay(34, reused);  // alice only (bob and carol have 33)
  CHECK_FALSE(reused);
  REQUIRE(batch.size() == 1);
  CHECK(batch[0].account == "alice");
  CHECK(balance_of(l, "alice") == 0);  // reserved while pending
  auto again = l.pay(1, reused);       // pending batch: the same batch again, no new one
  CHECK(reused);
  CHECK(again.size() == 1);
  CHECK(again[0].batch == batch[0].batch);
  l.confirm(batch[0].batch, std::string(64, 'a'));
  CHECK_THROWS_WITH(l.confirm(batch[0].batch, std::string(64, 'a')), Catch::Contains("already confirmed"));
  CHECK_THROWS_WITH(l.cancel(99), Catch::Contains("no batch 99"));
  std::string summary;
  CHECK(l.verify(summary).empty());
  CHECK_THAT(summary, Catch::Contains("2 blocks"));
}

TEST_CASE("ledger: a block credited with another reward is refused, nothing changes", "[ledger][sqlite]") {
  TempLedger t;
  Ledger l(t.path, true, 1000);
  l.credit({block(1, BlockStatus::confirmed, {{"alice", 100, "reward"}}, 100)}, Scheme::solo);
  auto other = block(1, BlockStatus::confirmed, {{"bob", 90, "reward"}}, 90);
  auto fresh = block(3, BlockStatus::confirmed, {{"carol", 5, "reward"}}, 5);
  try {
    l.credit({fresh, other}, Scheme::solo);
    FAIL("no error");
  } catch (const hs::Error& e) {
    CHECK(e.code() == 65);
  }
  CHECK(balance_of(l, "carol") == -999);  // the whole run rolled back, block 3 included
  std::string summary;
  CHECK(l.verify(summary).empty());
}

TEST_CASE("ledger: files that are not ours are refused untouched", "[ledger][sqlite]") {
  TempLedger t;
  { std::ofstream(t.path) << "not a database, just text\n"; }
  try {
    Ledger l(t.path, true, 1000);
    FAIL("opened");
  } catch (const hs::Error& e) {
    CHECK(e.code() == 65);
    CHECK_THAT(e.what(), Catch::Contains("not a payout ledger"));
  }
  std::ifstream in(t.path);
  std::string line;
  std::getline(in, line);
  CHECK(line == "not a database, just text");
  std::filesystem::remove(t.path);
  try {
    Ledger l(t.path, false, 1000);
    FAIL("opened");
  } catch (const hs::Error& e) {
    CHECK(e.code() == 66);
  }
  CHECK_FALSE(std::filesystem::exists(t.path));
}
