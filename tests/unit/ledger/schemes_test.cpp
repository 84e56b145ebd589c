// Hand-worked splits for every scheme on tests/data/payout (small numbers so the working fits
// in a comment). The share log shares.csv:
//   00:00:10 alice 4 | 00:00:20 bob.rig1 6 | 00:00:30 carol 10 | 00:01:00 alice.rig2 8 | 00:01:10 dave 5
// blocks.csv: 100 at 00:00:35 (R = 1000 + 0), 101 at 00:01:20 (R = 1000 + 1); D = 10 for both.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <tuple>
#include <string>
#include <thread>

#include "core/error.hpp"
#include "ledger/inputs.hpp"
#include "ledger/schemes.hpp"
#include "pplns_rescan.hpp"

using namespace hs::ledger;

namespace {
std::string data(const char* name) { return std::string(HS_TEST_DATA) + "/payout/" + name; }

// (height, account) -> amount, and each block's total.
struct Result {
  std::map<std::pair<std::int64_t, std::string>, std::int64_t> amount;
  std::map<std::int64_t, std::int64_t> total;
  std::int64_t at(std::int64_t h, const std::string& a) const {
    auto it = amount.find({h, a});
    return it == amount.end() ? 0 : it->second;
  }
};

Result run(SchemeParams p, const char* blocks = "blocks.csv", const char* shares = "shares.csv") {
  auto bl = read_blocks(data(blocks));
  AccountTable accounts;
  ShareReader reader(data(shares), accounts);
  Result r;
  run_scheme(bl, reader, accounts, p, [&](const Block& b, std::vector<CreditRow>& rows) {
    for (auto& row : rows) {
      r.amount[{b.height, row.account}] += row.amount_sats;
      r.total[b.height] += row.amount_sats;
    }
    CHECK(r.total[b.height] == b.reward());  // conservation, every block, every scheme
  });
  return r;
}

SchemeParams scheme(Scheme s, std::uint32_t bps = 0) {
  SchemeParams p;
  p.scheme = s;
  p.fee_bps = bps;
  return p;
}
}  // namespace

TEST_CASE("PPLNS X=2: window 20, boundary share cut", "[ledger][schemes]") {
  auto r = run(scheme(Scheme::pplns));
  // Block 100: window 2*10 = 20 = alice 4 + bob 6 + carol 10 exactly -> 200/300/500 of 1000.
  CHECK(r.at(100, "alice") == 200);
  CHECK(r.at(100, "bob") == 300);  // bob.rig1 is credited to bob
  CHECK(r.at(100, "carol") == 500);
  // Block 101: back from 00:01:20: dave 5 + alice 8 = 13, carol's 10 is cut to 7 -> 20.
  // 1001*8/20 = 400.4, 1001*7/20 = 350.35, 1001*5/20 = 250.25: floors 1000, the one left
  // goes to the largest remainder (alice .4). alice's first 4 and bob are outside.
  CHECK(r.at(101, "alice") == 401);
  CHECK(r.at(101, "carol") == 350);
  CHECK(r.at(101, "dave") == 250);
  CHECK(r.at(101, "bob") == 0);
}

TEST_CASE("PPLNS with difficulties past 2^96 scaled units: the same split as the small ones", "[ledger][schemes]") {
  // The window keeps a share in 16 bytes when its difficulty is below 2^96 scaled units (about
  // 7.9e20) and keeps larger ones aside; with every difficulty times 10^21 (and D too) the
  // shares all go aside, the ratios and so the split stay those of the test above, boundary cut
  // included. A mixed log (one small share among them) takes both paths in one window.
  const std::string e21 = "000000000000000000000";
  std::string shares = "time,account,share_difficulty\n";
  for (auto [t, a, d] : {std::tuple{"00:00:10", "alice", "4"}, {"00:00:20", "bob.rig1", "6"}, {"00:00:30", "carol", "10"},
                         {"00:01:00", "alice.rig2", "8"}, {"00:01:05", "erin", "0.000001"}, {"00:01:10", "dave", "5"},
                         {"00:01:30", "dave", "5"}})
    shares += std::string("2026-01-01T") + t + "Z," + a + "," + d + (std::string(d) == "0.000001" ? "" : e21) + "\n";
  std::string blocks = "height,time,block_hash,subsidy_sats,fees_sats,network_difficulty,status\n";
  const std::string zeros(61, '0');
  blocks += "100,2026-01-01T00:00:35Z," + zeros + "100,1000,0,10" + e21 + ",confirmed\n";
  blocks += "101,2026-01-01T00:01:20Z," + zeros + "101,1000,1,10" + e21 + ",confirmed\n";
  const std::string dir =
      (std::filesystem::temp_directory_path() / ("hs_schemes_test_" + std::to_string(::getpid()))).string();
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/s.csv") << shares;
  std::ofstream(dir + "/b.csv") << blocks;
  auto bl = read_blocks(dir + "/b.csv");
  AccountTable accounts;
  ShareReader reader(dir + "/s.csv", accounts);
  std::map<std::pair<std::int64_t, std::string>, std::int64_t> got;
  run_scheme(bl, reader, accounts, scheme(Scheme::pplns), [&](const Block& b, std::vector<CreditRow>& rows) {
    std::int64_t total = 0;
    for (auto& row : rows) {
      got[{b.height, row.account}] += row.amount_sats;
      total += row.amount_sats;
    }
    CHECK(total == b.reward());
  });
  std::filesystem::remove_all(dir);
  CHECK(got[{100, "alice"}] == 200);
  CHECK(got[{100, "bob"}] == 300);
  CHECK(got[{100, "carol"}] == 500);
  // erin's 10^-6 of a difficulty weighs 10^-28 of the window: it rounds to nothing, and the
  // others are as in block 101 above (carol cut to 7 of her 10).
  CHECK(got[{101, "alice"}] == 401);
  CHECK(got[{101, "carol"}] == 350);
  CHECK(got[{101, "dave"}] == 250);
  CHECK(got[{101, "erin"}] == 0);
}

TEST_CASE("PPLNS with a 1% fee: the fee is a party of the same split", "[ledger][schemes]") {
  auto r = run(scheme(Scheme::pplns, 100));
  // Block 101, W = 20*10000: alice 8*9900 = 79200, carol 7*9900 = 69300, dave 5*9900 = 49500,
  // :fee 20*100 = 2000. 1001*w/W: 396.396, 346.8465, 247.7475, 10.01 -> floors 999;
  // the 2 left go to carol (.8465) and dave (.7475).
  CHECK(r.at(101, "alice") == 396);
  CHECK(r.at(101, "carol") == 347);
  CHECK(r.at(101, "dave") == 248);
  CHECK(r.at(101, ":fee") == 10);
  // Block 100: 1000 * (4,6,10)*9900/200000 = 198, 297, 495 and fee 10, all exact.
  CHECK(r.at(100, "alice") == 198);
  CHECK(r.at(100, ":fee") == 10);
}

TEST_CASE("PPLNS unfilled window: to the pool or pro rata", "[ledger][schemes]") {
  // blocks_unfilled.csv: one block, D = 100, R = 1000; window 2*100 = 200 but only 20 is there.
  auto pool = run(scheme(Scheme::pplns), "blocks_unfilled.csv");
  // Pool: 1000*4/200 = 20, 1000*6/200 = 30, 1000*10/200 = 50, :unassigned 1000*180/200 = 900.
  CHECK(pool.at(100, "alice") == 20);
  CHECK(pool.at(100, "bob") == 30);
  CHECK(pool.at(100, "carol") == 50);
  CHECK(pool.at(100, ":unassigned") == 900);
  auto p = scheme(Scheme::pplns);
  p.unfilled = Unfilled::prorata;
  auto pro = run(p, "blocks_unfilled.csv");
  // Pro rata: the 20 present take everything: 200/300/500.
  CHECK(pro.at(100, "alice") == 200);
  CHECK(pro.at(100, "carol") == 500);
  CHECK(pro.at(100, ":unassigned") == 0);
}

TEST_CASE("TIDES: PPLNS with a window of 8 network difficulties", "[ledger][schemes]") {
  auto r = run(scheme(Scheme::tides, 100));
  // Block 100: window 80, 20 present, 60 unassigned. W = 80*10000; weights alice 39600,
  // bob 59400, carol 99000, :fee 8000, :unassigned 594000 -> 49.5, 74.25, 123.75, 10, 742.5.
  // Floors 998; 2 left: carol (.75), then alice and :unassigned tie at .5 and ":" (0x3a)
  // sorts before "a", so :unassigned takes it.
  CHECK(r.at(100, "alice") == 49);
  CHECK(r.at(100, "bob") == 74);
  CHECK(r.at(100, "carol") == 124);
  CHECK(r.at(100, ":fee") == 10);
  CHECK(r.at(100, ":unassigned") == 743);
}

TEST_CASE("PROP: each round splits its own block", "[ledger][schemes]") {
  auto r = run(scheme(Scheme::prop));
  // Round of 100: alice 4, bob 6, carol 10 -> 200/300/500.
  CHECK(r.at(100, "carol") == 500);
  // Round of 101 (after 00:00:35): alice 8, dave 5 -> 1001*8/13 = 616.0, 1001*5/13 = 385.0.
  CHECK(r.at(101, "alice") == 616);
  CHECK(r.at(101, "dave") == 385);
  CHECK(r.at(101, "carol") == 0);
}

TEST_CASE("SOLO: the finder field, else the last share", "[ledger][schemes]") {
  auto r = run(scheme(Scheme::solo, 100), "blocks_solo.csv");
  // 100 names bob: 1000 * 9900/10000 = 990, fee 10. 101 names nobody: the last share before
  // 00:01:20 is dave's: 1001 * 0.99 = 990.99, fee 10.01 -> 990 + 10, one left to dave (.99).
  CHECK(r.at(100, "bob") == 990);
  CHECK(r.at(100, ":fee") == 10);
  CHECK(r.at(101, "dave") == 991);
  CHECK(r.at(101, ":fee") == 10);
}

TEST_CASE("PPS: the round's shares are owed subsidy*d/D; the pool keeps the rest", "[ledger][schemes]") {
  auto r = run(scheme(Scheme::pps, 100));
  // Block 101: S = 13, T = 1000*13/10 = 1300: alice 8/13*1300*0.99 = 792, dave 495, fee 13;
  // the pool row is R - T = 1001 - 1300 = -299 (the pool's bad luck).
  CHECK(r.at(101, "alice") == 792);
  CHECK(r.at(101, "dave") == 495);
  CHECK(r.at(101, ":fee") == 13);
  CHECK(r.at(101, ":pool") == -299);
}

TEST_CASE("FPPS: expected fees are the mean of the trailing blocks", "[ledger][schemes]") {
  auto r = run(scheme(Scheme::fpps), "blocks_fpps.csv");
  // Block 100 (fees 200, window = itself): T = (1000 + 200) * 20/10 = 2400: alice 480,
  // bob 720, carol 1200; pool 1200 - 2400 = -1200.
  CHECK(r.at(100, "alice") == 480);
  CHECK(r.at(100, "carol") == 1200);
  CHECK(r.at(100, ":pool") == -1200);
  // Block 101 (window 100 and 101, fees 200 + 100, k = 2): T = (2*1000 + 300) * 13 / (2*10)
  // = 1495: alice 8/13 -> 920, dave 5/13 -> 575; pool 1100 - 1495 = -395.
  CHECK(r.at(101, "alice") == 920);
  CHECK(r.at(101, "dave") == 575);
  CHECK(r.at(101, ":pool") == -395);
  // With a window of one block only 101's own fees count: (1000+100)*13/10 = 1430.
  auto p = scheme(Scheme::fpps);
  p.fee_window = 1;
  auto one = run(p, "blocks_fpps.csv");
  CHECK(one.at(101, "alice") + one.at(101, "dave") == 1430);
}

TEST_CASE("the rescan implementation (bench/peers) gives the same rows as the sliding window", "[ledger][schemes]") {
  for (auto s : {Scheme::pplns, Scheme::tides}) {
    auto p = scheme(s, 250);
    auto bl = read_blocks(data("blocks.csv"));
    std::vector<std::tuple<std::int64_t, std::string, std::int64_t>> a, b;
    AccountTable accounts;
    ShareReader reader(data("shares.csv"), accounts);
    run_scheme(bl, reader, accounts, p, [&](const Block& blk, std::vector<CreditRow>& rows) {
      for (auto& r : rows) a.emplace_back(blk.height, r.account, r.amount_sats);
    });
    hs::bench::pplns_rescan(bl, data("shares.csv"), p, [&](const Block& blk, std::vector<CreditRow>& rows) {
      for (auto& r : rows) b.emplace_back(blk.height, r.account, r.amount_sats);
    });
    CHECK(a == b);
    CHECK(a.size() > 4);
  }
}

TEST_CASE("bad shares and blocks are refused with the line and field", "[ledger][schemes][bad]") {
  auto msg = [](const char* blocks, const char* shares) -> std::string {
    try {
      run(scheme(Scheme::pplns), blocks, shares);
    } catch (const hs::Error& e) {
      CHECK(e.code() == 65);
      return e.what();
    }
    return "no error";
  };
  CHECK_THAT(msg("blocks.csv", "shares_zero.csv"), Catch::Contains("shares_zero.csv:3: field 'share_difficulty'") &&
                                                        Catch::Contains("must be positive"));
  CHECK_THAT(msg("blocks.csv", "shares_negative.csv"), Catch::Contains("must be positive"));
  CHECK_THAT(msg("blocks.csv", "shares_order.csv"), Catch::Contains("shares_order.csv:3: field 'time'") &&
                                                         Catch::Contains("out of time order"));
  CHECK_THAT(msg("blocks.csv", "shares_delim.csv"), Catch::Contains("field 'account'"));
  CHECK_THAT(msg("blocks.csv", "shares_control.csv"), Catch::Contains("field 'account'"));
  CHECK_THAT(msg("blocks_negfee.csv", "shares.csv"), Catch::Contains("field 'fees_sats'") &&
                                                          Catch::Contains("must not be negative"));
}

TEST_CASE("rows come from a thread of their own: errors are reported in block order", "[ledger][schemes][rows]") {
  // 40 blocks, one a minute at :59, each after 100 shares; the share on file line `bad` (if
  // any) has difficulty 0. A block's rows are split and emitted on the row thread while the
  // shares of the next blocks are read, so both threads can fail: the error reported must be
  // the one a plain loop would meet first, and no rows may be emitted after the sink's error.
  const std::string dir =
      (std::filesystem::temp_directory_path() / ("hs_rows_test_" + std::to_string(::getpid()))).string();
  std::filesystem::create_directories(dir);
  auto two = [](int v) { return (v < 10 ? "0" : "") + std::to_string(v); };
  auto write_logs = [&](int bad) {
    std::ofstream shares(dir + "/s.csv"), blocks(dir + "/b.csv");
    shares << "time,account,share_difficulty\n";
    blocks << "height,time,block_hash,subsidy_sats,fees_sats,network_difficulty,status\n";
    int line = 1;
    for (int b = 0; b < 40; ++b) {
      for (int k = 0; k < 100; ++k)
        shares << "2026-01-01T00:" << two(b) << ":" << two(k * 59 / 100) << "Z,acct" << k % 7 << ","
               << (++line == bad ? 0 : 1 + k % 5) << "\n";
      blocks << 900 + b << ",2026-01-01T00:" << two(b) << ":59Z," << std::string(61, '0') << 100 + b
             << ",1000,0,300,confirmed\n";
    }
    shares << "2026-01-01T00:40:00Z,acct0,1\n";  // the log goes on past the last block
  };
  struct EmitError {
    std::int64_t height;
  };
  // Runs the split; emit throws at block `throw_at`. Returns what was thrown ("" if nothing);
  // `emitted` gets the heights emitted.
  auto run_split = [&](std::int64_t throw_at, std::vector<std::int64_t>& emitted) -> std::string {
    emitted.clear();
    auto bl = read_blocks(dir + "/b.csv");
    AccountTable accounts;
    ShareReader reader(dir + "/s.csv", accounts);
    try {
      run_scheme(bl, reader, accounts, scheme(Scheme::pplns), [&](const Block& b, std::vector<CreditRow>& rows) {
        emitted.push_back(b.height);
        std::int64_t total = 0;
        for (auto& r : rows) total += r.amount_sats;
        CHECK(total == b.reward());
        if (b.height == throw_at) {
          // Slow to fail, so that the reading thread meets a bad share meanwhile (below).
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
          throw EmitError{b.height};
        }
      });
    } catch (const EmitError& e) {
      return "emit " + std::to_string(e.height);
    } catch (const hs::Error& e) {
      return e.what();
    }
    return "";
  };
  auto heights = [](std::int64_t from, std::size_t n) {
    std::vector<std::int64_t> h;
    for (std::size_t k = 0; k < n; ++k) h.push_back(from + static_cast<std::int64_t>(k));
    return h;
  };

  write_logs(0);
  std::vector<std::int64_t> emitted;
  CHECK(run_split(-1, emitted).empty());
  CHECK(emitted == heights(900, 40));

  // The sink fails at block 905: its error is thrown, and nothing after it is emitted.
  CHECK(run_split(905, emitted) == "emit 905");
  CHECK(emitted == heights(900, 6));

  // A bad share on file line 3006, in block 930's round: its error is thrown, after the rows
  // of the blocks before it (the reader parses up to 256 lines ahead, so blocks 927 to 929 may
  // not be reached), in order.
  write_logs(3006);
  CHECK_THAT(run_split(-1, emitted), Catch::Contains("s.csv:3006: field 'share_difficulty'"));
  CHECK(emitted.size() >= 27);
  CHECK(emitted.size() <= 30);
  CHECK(emitted == heights(900, emitted.size()));

  // Both: the sink's failure at block 903 comes first, so it is the one reported.
  CHECK(run_split(903, emitted) == "emit 903");
  CHECK(emitted == heights(900, 4));
  // The same with the bad share in block 906's round, which the reading thread reaches while
  // the sink is still failing at 903: a plain loop fails at 903 first.
  write_logs(653);
  CHECK(run_split(903, emitted) == "emit 903");
  CHECK(emitted == heights(900, 4));
  std::filesystem::remove_all(dir);
}

TEST_CASE("account names: workers fold into the account; delimiters are refused", "[ledger][inputs]") {
  CHECK(valid_account_name("alice.rig1"));
  CHECK(valid_account_name("bc1q-miner_7@pool+x"));
  CHECK_FALSE(valid_account_name(""));
  CHECK_FALSE(valid_account_name("a,b"));
  CHECK_FALSE(valid_account_name("a;b"));
  CHECK_FALSE(valid_account_name("a:b"));
  CHECK_FALSE(valid_account_name("a b"));
  CHECK_FALSE(valid_account_name("a\tb"));
  CHECK_FALSE(valid_account_name(std::string("a\0b", 3)));
  CHECK(account_of("alice.rig1", {}, "account") == "alice");
  CHECK_THROWS_AS(account_of(".rig1", {}, "account"), hs::Error);
}
