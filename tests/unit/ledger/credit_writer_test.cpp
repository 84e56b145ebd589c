// payout split's fast credit writer must write RecordWriter's bytes in every format, and its
// rows must put each value in its own column (swapped columns or changed amounts fail here).
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "../core/test_files.hpp"
#include "core/record_spec.hpp"
#include "ledger/credit_writer.hpp"
#include "ledger/units.hpp"

using namespace hs::ledger;

namespace {

struct Row {
  const Block* block;
  std::string account;
  std::int64_t amount;
  std::string kind;
};

std::string scratch_path(const char* tag) {
  return (std::filesystem::temp_directory_path() / (std::string("hs_credit_") + tag + "_" +
                                                     std::to_string(::getpid())))
      .string();
}

std::string fast_bytes(const std::vector<Row>& rows, hs::Format f) {
  const std::string path = scratch_path("fast");
  {
    hs::AtomicOutput out(path);
    CreditWriter w(out, f, "pplns");
    const Block* current = nullptr;
    bool first = true;
    for (const auto& r : rows) {
      if (first || r.block != current) w.block(r.block);
      first = false;
      current = r.block;
      w.row(r.account, r.amount, r.kind);
    }
    w.finish();
    out.commit();
  }
  std::string s = hs::test::read_file(path);
  std::filesystem::remove(path);
  return s;
}

// The reference: the shared RecordWriter, each cell placed by its field's name.
std::string reference_bytes(const std::vector<Row>& rows, hs::Format f) {
  const auto& spec = hs::record_spec("credit");
  const std::string path = scratch_path("ref");
  {
    hs::AtomicOutput out(path);
    hs::RecordWriter w(out, spec, f);
    for (const auto& r : rows) {
      std::vector<hs::Cell> c(spec.fields.size());
      if (r.block) {
        c[spec.at("height")] = r.block->height;
        c[spec.at("block_hash")] = r.block->hash;
      }
      c[spec.at("account")] = r.account;
      c[spec.at("amount_sats")] = r.amount;
      c[spec.at("kind")] = r.kind;
      c[spec.at("scheme")] = std::string("pplns");
      w.write(c);
    }
    w.finish();
    out.commit();
  }
  std::string s = hs::test::read_file(path);
  std::filesystem::remove(path);
  return s;
}

}  // namespace

TEST_CASE("credit writer: RecordWriter's bytes in csv, jsonl and table", "[ledger][credit_writer]") {
  Block b1, b2;
  b1.height = 840000;
  b1.hash = "0000000000000000000320283a032748cef8227873ff4872689bf23f1cda83a5";
  b2.height = 840001;
  b2.hash = "00000000000000000001b48a75d5a3077913f3f441eb7e08c13c43f768db2463";
  const std::vector<Row> rows = {
      {&b1, "alice", 312500000, "reward"},  {&b1, "bob", 1, "reward"},
      {&b1, ":fee", 3156566, "fee"},        {&b1, "we,ird \"name\"", -42, "reversal"},
      {&b1, " padded ", 0, "reward"},       {&b2, "alice", 9223372036854775807, "reward"},
      {&b2, ":unassigned", 7, "unassigned"}, {nullptr, "carol", 33, "reward"},
  };
  for (auto f : {hs::Format::csv, hs::Format::jsonl, hs::Format::table}) {
    INFO("format " << static_cast<int>(f));
    CHECK(fast_bytes(rows, f) == reference_bytes(rows, f));
  }
  // Read by hand: the columns and their order.
  CHECK(fast_bytes({{&b1, "alice", 312500000, "reward"}, {nullptr, "carol", 33, "reward"}}, hs::Format::csv) ==
        "height,block_hash,account,amount_sats,kind,scheme\n"
        "840000,0000000000000000000320283a032748cef8227873ff4872689bf23f1cda83a5,alice,312500000,reward,pplns\n"
        ",,carol,33,reward,pplns\n");
}

TEST_CASE("credit writer: a header and nothing else for no rows", "[ledger][credit_writer]") {
  CHECK(fast_bytes({}, hs::Format::csv) == "height,block_hash,account,amount_sats,kind,scheme\n");
  CHECK(fast_bytes({}, hs::Format::jsonl).empty());
}

TEST_CASE("split by units: proportional, fee first, largest remainder", "[ledger][units]") {
  // 3 units alice, 1 unit bob, 1000 sats, 2% fee: 980 to split 3:1 = 735 and 245; fee 20.
  hs::test::TempFile f("time,account,units\n2026-01-01T00:00:00Z,bob,1\n2026-01-01T00:00:00Z,alice,2\n"
                       "2026-01-01T01:00:00Z,alice,1\n");
  auto rows = split_by_units(f.path(), 1000, 200);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].account == "alice");
  CHECK(rows[0].amount_sats == 735);
  CHECK(rows[1].account == "bob");
  CHECK(rows[1].amount_sats == 245);
  CHECK(rows[2].account == ":fee");
  CHECK(rows[2].kind == "fee");
  CHECK(rows[2].amount_sats == 20);
  // 100 sats over three equal shares: 34, 33, 33 (the remainder to the first by name).
  hs::test::TempFile eq("time,account,units\n2026-01-01T00:00:00Z,carol,1.5\n2026-01-01T00:00:00Z,alice,1.5\n"
                        "2026-01-01T00:00:00Z,bob,1.5\n");
  auto e = split_by_units(eq.path(), 100, 0);
  REQUIRE(e.size() == 3);
  CHECK((e[0].amount_sats == 34 && e[1].amount_sats == 33 && e[2].amount_sats == 33));
  // No contributions: all of it unassigned.
  hs::test::TempFile none("time,account,units\n");
  auto n = split_by_units(none.path(), 50, 0);
  REQUIRE(n.size() == 1);
  CHECK(n[0].account == ":unassigned");
  CHECK(n[0].amount_sats == 50);
}
