// The share reader's fast paths (hand-parsed difficulties, remembered timestamps, the account
// table) must give what the general parsers give, and JSON Lines the same shares as CSV.
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "../core/test_files.hpp"
#include "core/error.hpp"
#include "ledger/exact.hpp"
#include "ledger/inputs.hpp"
#include "ledger/share_scan.hpp"

using namespace hs::ledger;
using hs::test::TempFile;

namespace {
std::string data(const char* name) { return std::string(HS_TEST_DATA) + "/payout/" + name; }


std::vector<Share> read_all(const std::string& path, AccountTable& accounts) {
  ShareReader r(path, accounts);
  std::vector<Share> out;
  Share s;
  while (r.next(s)) out.push_back(s);
  return out;
}
}  // namespace

TEST_CASE("share difficulties: the fast path equals parse_scaled on every form", "[ledger][inputs]") {
  // Plain integers and decimals take the fast path; the rest fall back to parse_scaled.
  const std::vector<std::string> forms = {"1",          "65536",      "1.5",       "0.00000001", "1.123456789",
                                          "12.",        ".5",         "1e3",       "1.5E+3",     " 2 ",
                                          "+3",         "007",        "999999999999999999", "1234567890123456789012",
                                          "0.10000000", "3.14159265"};
  std::string csv = "time,account,share_difficulty\n";
  for (const auto& f : forms) csv += "2026-01-01T00:00:00Z,a,\"" + f + "\"\n";
  // Unquoted too (quotes send a line down the general CSV splitter; these must not need it).
  for (const auto& f : forms)
    if (f.find(' ') == std::string::npos) csv += "2026-01-01T00:00:01Z,a," + f + "\n";
  TempFile tf(csv);
  AccountTable accounts;
  auto shares = read_all(tf.path(), accounts);
  std::size_t k = 0;
  for (const auto& f : forms) {
    INFO(f);
    CHECK(shares.at(k++).difficulty == *parse_scaled(f));
  }
  for (const auto& f : forms)
    if (f.find(' ') == std::string::npos) {
      INFO(f);
      CHECK(shares.at(k++).difficulty == *parse_scaled(f));
    }
  CHECK(k == shares.size());
  // 1.123456789: the ninth decimal is truncated, as parse_scaled does.
  CHECK(shares[4].difficulty == u128{112345678});
}

TEST_CASE("share times: repeated text reuses the value, a new second is parsed", "[ledger][inputs]") {
  // 1767225600 = 2026-01-01T00:00:00Z; a day later is +86400.
  TempFile tf("time,account,share_difficulty\n2026-01-01T00:00:00Z,a,1\n2026-01-01T00:00:00Z,b,1\n"
              "2026-01-01T00:00:01Z,a,1\n2026-01-02T00:00:01Z,a,1\n2026-01-02T01:00:01+01:00,a,1\n");
  AccountTable accounts;
  auto s = read_all(tf.path(), accounts);
  REQUIRE(s.size() == 5);
  CHECK(s[0].time == 1767225600);
  CHECK(s[1].time == 1767225600);
  CHECK(s[2].time == 1767225601);
  CHECK(s[3].time == 1767225600 + 86401);
  CHECK(s[4].time == 1767225600 + 86401);  // an offset goes through the general parser
}

TEST_CASE("account table: ids by first appearance, stable while the table grows", "[ledger][inputs]") {
  AccountTable t;
  // 5000 names force several doublings of the probe table; every id must still be found.
  for (int i = 0; i < 5000; ++i) CHECK(t.id("acct" + std::to_string(i)) == static_cast<std::uint32_t>(i));
  for (int i = 4999; i >= 0; --i) CHECK(t.id("acct" + std::to_string(i)) == static_cast<std::uint32_t>(i));
  CHECK(t.size() == 5000);
  CHECK(t.name(1234) == "acct1234");
  // Names longer than eight bytes and differing only in their last byte stay apart.
  auto a = t.id("bc1qverylongaccountname-a");
  auto b = t.id("bc1qverylongaccountname-b");
  CHECK(a != b);
  CHECK(t.id("bc1qverylongaccountname-a") == a);
}

TEST_CASE("JSON Lines shares equal the CSV shares", "[ledger][inputs]") {
  AccountTable ca, ja;
  auto c = read_all(data("shares.csv"), ca);
  auto j = read_all(data("shares.jsonl"), ja);
  REQUIRE(c.size() == 6);  // the last at 00:01:30, after the last block: the log reaches past it
  REQUIRE(j.size() == c.size());
  for (std::size_t i = 0; i < c.size(); ++i) {
    CHECK(c[i].time == j[i].time);
    CHECK(ca.name(c[i].account) == ja.name(j[i].account));
    CHECK(c[i].difficulty == j[i].difficulty);
  }
  // A JSON Lines record without the difficulty names its line (the blank line 3 counts).
  TempFile tf("{\"time\":\"2026-01-01T00:00:10Z\",\"account\":\"a\",\"share_difficulty\":1}\n\n"
              "{\"time\":\"2026-01-01T00:00:11Z\",\"account\":\"a\"}\n");
  AccountTable t;
  try {
    read_all(tf.path(), t);
    FAIL("no error");
  } catch (const hs::Error& e) {
    CHECK(e.code() == 65);
    CHECK_THAT(std::string(e.what()), Catch::Contains(":3: ") && Catch::Contains("missing field 'share_difficulty'"));
  }
}

TEST_CASE("share log scanned in parallel: chunk boundaries, long lines, CRLF, a cut last line", "[ledger][inputs]") {
  // 40000 lines (about 6 MB) cross the 256 KiB chunks of the scanner's workers many times;
  // every 1000th line has a 100 KB extra column and line 20001 one of 600 KB (longer than a
  // chunk, which then grows); CRLF line ends; blank lines. Without its final line end the log
  // is refused (a cut last line), naming that line; with it, every share is read.
  // Share k: account a(k % 7), difficulty k + 1, one share a second from 1767225600.
  std::string csv = "time,account,share_difficulty,note\r\n";
  const std::string big(100000, 'x');
  u128 want_sum = 0;
  for (int k = 0; k < 40000; ++k) {
    char t[32];
    std::int64_t secs = 1767225600 + k;
    std::int64_t day = secs / 86400, sod = secs % 86400;  // 2026-01-01 + day (January only)
    std::snprintf(t, sizeof t, "2026-01-%02dT%02d:%02d:%02dZ", static_cast<int>(1 + day - 20454),
                  static_cast<int>(sod / 3600), static_cast<int>(sod / 60 % 60), static_cast<int>(sod % 60));
    csv += std::string(t) + ",a" + std::to_string(k % 7) + ".w," + std::to_string(k + 1) + "," +
           (k % 1000 == 999 ? big : k == 20000 ? std::string(600000, 'y') : "n") + (k + 1 < 40000 ? "\r\n" : "");
    if (k % 5000 == 0) csv += "\r\n";
    want_sum += static_cast<u128>(k + 1) * scale;
  }
  {
    TempFile cut(csv);
    AccountTable accounts;
    try {
      read_all(cut.path(), accounts);
      FAIL("no error for a last line without its newline");
    } catch (const hs::Error& e) {
      CHECK(e.code() == 65);
      // 1 header + 40000 shares + 8 blank lines (k = 0, 5000, ..., 35000): the last is 40009.
      CHECK_THAT(std::string(e.what()), Catch::Contains(":40009: the last line has no newline"));
    }
  }
  TempFile tf(csv + "\r\n");
  AccountTable accounts;
  auto s = read_all(tf.path(), accounts);
  REQUIRE(s.size() == 40000);
  u128 sum = 0;
  bool in_order = true;
  for (std::size_t k = 0; k < s.size(); ++k) {
    sum += s[k].difficulty;
    in_order = in_order && s[k].time == 1767225600 + static_cast<std::int64_t>(k);
  }
  CHECK(in_order);
  CHECK(sum == want_sum);
  CHECK(accounts.size() == 7);
  CHECK(accounts.name(s.back().account) == "a" + std::to_string(39999 % 7));
}

TEST_CASE("share log scanned in parallel: an error deep in the log names its line, after every share before it", "[ledger][inputs]") {
  // 100000 good lines (several chunks), then a zero difficulty on line 100002 (the header is 1).
  std::string csv = "time,account,share_difficulty\n";
  for (int k = 0; k < 100000; ++k) csv += "2026-01-01T00:00:00Z,a" + std::to_string(k % 3) + ",1\n";
  csv += "2026-01-01T00:00:01Z,a1,0\n2026-01-01T00:00:02Z,a1,1\n";
  TempFile tf(csv);
  AccountTable accounts;
  ShareReader r(tf.path(), accounts);
  Share s;
  std::size_t n = 0;
  try {
    while (r.next(s)) ++n;
    FAIL("no error for a zero difficulty");
  } catch (const hs::Error& e) {
    CHECK(e.code() == 65);
    CHECK_THAT(std::string(e.what()), Catch::Contains(":100002: field 'share_difficulty'"));
  }
  CHECK(n == 100000);
}

TEST_CASE("share log scanned in parallel: a reader left early is not waited for", "[ledger][inputs]") {
  // Stopping after a few shares of a long log must not hang or crash: the scanner's workers
  // see the stop at their next chunk and end on their own.
  std::string csv = "time,account,share_difficulty\n";
  for (int k = 0; k < 200000; ++k) csv += "2026-01-01T00:00:00Z,a" + std::to_string(k % 5) + ",1\n";
  TempFile tf(csv);
  for (int rep = 0; rep < 20; ++rep) {
    AccountTable accounts;
    ShareReader r(tf.path(), accounts);
    Share s;
    REQUIRE(r.next(s));
    CHECK(accounts.name(s.account) == "a0");
  }
}

namespace {
// The shares of a log as a scheme takes them through ShareCursor's protocol: runs up to each
// cut time (run_until), next_in_chunk where run_until says `other`.
std::vector<Share> read_by_runs(const std::string& path, AccountTable& accounts, const std::vector<std::int64_t>& cuts) {
  ShareReader r(path, accounts);
  std::vector<Share> out;
  Share batch[64];
  std::size_t at = 0, size = 0;
  for (std::int64_t until : cuts) {
    for (;;) {
      if (at < size) {
        while (at < size && batch[at].time <= until) out.push_back(batch[at++]);
        if (at < size) break;
        continue;
      }
      ShareRun run;
      const auto got = r.run_until(until, run);
      if (got == ShareReader::Run::taken) {
        REQUIRE(run.size > 0);
        for (std::size_t k = 0; k < run.size; ++k) {
          const ScannedLine& l = run.lines[k];
          REQUIRE(l.time <= until);
          out.push_back(Share{l.time, run.accounts[l.key], l.difficulty});
        }
      } else if (got == ShareReader::Run::other) {
        size = r.next_in_chunk(batch, std::size(batch));
        at = 0;
        if (size == 0) break;
      } else {
        break;  // after, or the end
      }
    }
  }
  return out;
}
}  // namespace

TEST_CASE("share runs: taken in bulk up to each time, the same shares as one by one", "[ledger][inputs]") {
  // 120000 shares (a dozen chunks), 3 a second, 500 accounts; every 7001st line quoted (the
  // general path takes it: its chunk is not plain) and blank lines now and then, so runs and
  // next_in_chunk take turns. Cut times: every 997 seconds, some falling inside chunks, some on
  // a second with shares on both sides of a chunk's end; and one past the end.
  std::string csv = "time,account,share_difficulty\n";
  for (int k = 0; k < 120000; ++k) {
    const std::int64_t secs = 1767225600 + k / 3;
    const std::int64_t day = secs / 86400, sod = secs % 86400;
    char t[32];
    std::snprintf(t, sizeof t, "2026-01-%02dT%02d:%02d:%02dZ", static_cast<int>(1 + day - 20454),
                  static_cast<int>(sod / 3600), static_cast<int>(sod / 60 % 60), static_cast<int>(sod % 60));
    const std::string acct = "miner" + std::to_string(k * 7919 % 500) + ".rig" + std::to_string(k % 3);
    csv += std::string(t) + "," + (k % 7001 == 0 ? "\"" + acct + "\"" : acct) + "," + std::to_string(1 + k % 65536) + "\n";
    if (k % 30011 == 0) csv += "\n";
  }
  TempFile tf(csv);
  AccountTable one_by_one;
  const auto want = read_all(tf.path(), one_by_one);
  REQUIRE(want.size() == 120000);
  std::vector<std::int64_t> cuts;
  for (std::int64_t t = 1767225600; t < 1767225600 + 40000; t += 997) cuts.push_back(t);
  cuts.push_back(1767225600 + 40000);
  AccountTable by_runs;
  const auto got = read_by_runs(tf.path(), by_runs, cuts);
  REQUIRE(got.size() == want.size());
  std::size_t differ = 0;
  for (std::size_t k = 0; k < got.size(); ++k)
    differ += got[k].time != want[k].time || got[k].difficulty != want[k].difficulty ||
              by_runs.name(got[k].account) != one_by_one.name(want[k].account);
  CHECK(differ == 0);
}

TEST_CASE("share runs: a time out of order where a chunk begins is still refused, naming its line", "[ledger][inputs]") {
  // Lines of 32 bytes: the scanner's 256 KiB chunks hold 8192 each, so data lines 8192 to 8194
  // sit at the end of the first chunk and the start of the second (the scanner checks the
  // order inside a chunk; the reader checks each chunk's first line against the share before).
  for (int bad : {8191, 8192, 8193, 16384}) {
    INFO("out of order: data line " << bad + 1);
    std::string csv = "time,account,share_difficulty\n";
    for (int k = 0; k < 20000; ++k) {
      const int sec = k == bad ? 0 : 10 + k / 1000;  // 2026-01-01T00:00:SSZ, SS from 10
      char line[40];
      std::snprintf(line, sizeof line, "2026-01-01T00:00:%02dZ,acct%d,%04d\n", sec, k % 10, 1000 + k % 9000);
      REQUIRE(std::string(line).size() == 32);
      csv += line;
    }
    TempFile tf(csv);
    AccountTable accounts;
    try {
      const auto got = read_by_runs(tf.path(), accounts, {1767225600 + 59});
      FAIL("no error; read " << got.size());
    } catch (const hs::Error& e) {
      CHECK(e.code() == 65);
      CHECK_THAT(std::string(e.what()), Catch::Contains(":" + std::to_string(bad + 2) + ": field 'time'") &&
                                            Catch::Contains("out of time order"));
    }
  }
}
