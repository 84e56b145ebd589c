// The parallel share-log scanner and its field parsers must give, line for line, what the
// general parsers give: the same times, difficulties and account fields, in input order, with
// every line it cannot take left to the general path.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "../core/test_files.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/time.hpp"
#include "ledger/exact.hpp"
#include "ledger/share_fields.hpp"
#include "ledger/share_scan.hpp"

using namespace hs::ledger;
using hs::test::TempFile;

namespace {


// HS_SCAN_CODE set while in scope.
struct ScanCode {
  explicit ScanCode(const char* code) { ::setenv("HS_SCAN_CODE", code, 1); }
  ~ScanCode() { ::unsetenv("HS_SCAN_CODE"); }
  ScanCode(const ScanCode&) = delete;
  ScanCode& operator=(const ScanCode&) = delete;
};

bool cpu_has_avx2() {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("popcnt");
#else
  return false;
#endif
}

// fast_difficulty_padded reads 8 bytes from the field's start: give it a padded buffer, with
// digits after the field so that a read past it would change the value.
bool padded(const std::string& field, u128& out) {
  std::string buf = field + "99999999";
  return detail::fast_difficulty_padded(std::string_view(buf.data(), field.size()), out);
}

std::string iso(std::int64_t secs) { return hs::format_iso8601_utc(hs::UtcTime(std::chrono::seconds(secs))); }

// What the scanner made of one line, in input order, with the worker's key resolved to the
// account field it stands for.
struct Seen {
  ScannedLine::Kind kind;
  std::int64_t time = 0;
  u128 difficulty = 0;
  std::string field;  // fast: the account field; slow: the line
};

// Also counts the chunks marked ordered (every line fast, no time before the one above it) and
// checks each chunk's mark against its lines.
std::vector<Seen> scan_all(const std::string& path, const ShareLayout& layout, unsigned workers,
                           std::size_t* ordered_chunks = nullptr) {
  auto in = std::make_unique<hs::InputFile>(path);
  // Skip the header line as ShareReader does (by reading it; the rest goes to the scanner).
  std::string carry;
  char c;
  while (in->read(&c, 1) == 1 && c != '\n') {
  }
  ShareScanner scanner(std::move(in), carry, layout, workers);
  REQUIRE(scanner.workers() == workers);
  std::map<unsigned, std::vector<std::string>> fields;  // by worker, by key
  std::vector<Seen> out;
  while (const ScanChunk* ch = scanner.next()) {
    auto& keys = fields[ch->worker];
    keys.insert(keys.end(), ch->new_fields.begin(), ch->new_fields.end());
    for (const auto& l : ch->lines) {
      Seen s{l.kind, 0, 0, {}};
      if (l.kind == ScannedLine::fast) {
        s.time = l.time;
        s.difficulty = l.difficulty;
        REQUIRE(l.key < keys.size());
        s.field = keys[l.key];
      } else if (l.kind == ScannedLine::slow) {
        s.field = std::string(ch->line_text(l));
      }
      out.push_back(s);
    }
    REQUIRE(!ch->error);
    bool ordered = ch->lines.size() > 0;
    for (std::size_t i = 0; i < ch->lines.size(); ++i)
      ordered = ordered && ch->lines[i].kind == ScannedLine::fast && (i == 0 || ch->lines[i].time >= ch->lines[i - 1].time);
    CHECK(ch->ordered == ordered);
    if (ordered_chunks) *ordered_chunks += ch->ordered;
  }
  return out;
}

}  // namespace

TEST_CASE("share fields: difficulties of 1 to 8 digits a word at a time equal parse_scaled", "[ledger][scan]") {
  std::mt19937 rng(7);
  for (int len = 1; len <= 8; ++len) {
    for (int rep = 0; rep < 2000; ++rep) {
      std::string f;
      for (int i = 0; i < len; ++i) f += static_cast<char>('0' + rng() % 10);
      u128 got = 0;
      const auto want = parse_scaled(f);
      INFO(f);
      if (*want == 0) {
        CHECK_FALSE(padded(f, got));  // zero is refused, by the general path's message
      } else {
        REQUIRE(padded(f, got));
        CHECK(got == *want);
      }
    }
  }
  u128 v = 0;
  REQUIRE(padded("99999999", v));
  CHECK(v == u128{99999999} * scale);
  REQUIRE(padded("00000001", v));
  CHECK(v == u128{1} * scale);
  // A byte just outside '0'..'9' anywhere refuses the word path ('/' is '0' - 1, ':' is '9' + 1).
  for (std::string bad : {"/", ":", "1/3", "12:4", "1234567/", "/1234567", "12a4", "1 2", "-12", "+5"}) {
    INFO(bad);
    u128 x = 0;
    const bool took = padded(bad, x);
    CHECK_FALSE(took);
  }
  // Longer or decimal forms go the digit-by-digit way and still agree.
  for (std::string f : {"123456789", "1.5", "0.00000001", "65536.25", "999999999999999999"}) {
    INFO(f);
    REQUIRE(padded(f, v));
    CHECK(v == *parse_scaled(f));
  }
}

TEST_CASE("share fields: fast_time equals the general ISO 8601 parser, or declines", "[ledger][scan]") {
  // Every day from 1970 to 2100 at a time that moves through the hours, minutes and seconds.
  for (std::int64_t day = 0; day < 47847; ++day) {
    const std::int64_t secs = day * 86400 + (day * 3677) % 86400;
    const std::string t = iso(secs);
    std::int64_t got = 0;
    INFO(t);
    const bool took = detail::fast_time(t, got);
    const bool feb29 = t.substr(5, 5) == "02-29";
    CHECK(took == !feb29);  // 29 February is left to the general parser
    if (took) CHECK(got == secs);
  }
  for (std::string bad : {"2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-04-31T00:00:00Z",
                          "2026-01-01T24:00:00Z", "2026-01-01T00:60:00Z", "2026-01-01T00:00:60Z",
                          "2026-01-01 00:00:00Z", "2026-01-01T00:00:00+", "2026-01-0aT00:00:00Z",
                          "2026-01-01T00:00:00", "2026-1-01T00:00:00Z"}) {
    INFO(bad);
    std::int64_t got = 0;
    const bool took = detail::fast_time(bad, got);
    CHECK_FALSE(took);
  }
}

TEST_CASE("share scanner: lines in order across chunks and workers, as the general parsers read them",
          "[ledger][scan]") {
  // 60000 shares (over 2 MB, a dozen chunks): times crossing seconds, minutes, hours, days and
  // a year (a few shares a second, with gaps); account fields of 1 to 64 bytes, thousands of
  // them (the workers' tables grow several times), many sharing their first 16 bytes (compared
  // whole); difficulties of 1 to 8 digits and decimals; some lines the fast path must leave
  // alone (quoted, a 29 February time, an offset, a field too many, a bad name, a zero
  // difficulty, a field of 65 bytes), blank lines, CRLF, and no final line end. Times never go
  // back, so a chunk is ordered exactly when all its lines are fast.
  std::string csv = "time,account,share_difficulty\n";
  std::vector<Seen> want;
  std::mt19937 rng(11);
  std::int64_t secs = 1798761000;  // 2026-12-31T23:50:00Z
  for (int k = 0; k < 60000; ++k) {
    secs += rng() % 4 == 0 ? static_cast<std::int64_t>(rng() % 200) : 0;
    const std::string t = iso(secs);
    std::string acct;
    switch (rng() % 4) {
      case 0: acct = "m" + std::to_string(rng() % 10) + ".w" + std::to_string(rng() % 4); break;
      case 1: acct = "bc1qexampleexamp" + std::to_string(rng() % 2000) + ".rig" + std::to_string(rng() % 3); break;
      case 2: acct = std::string(1 + rng() % 64, static_cast<char>('a' + rng() % 26)); break;
      default: acct = std::string(15 + rng() % 3, 'q') + std::to_string(rng() % 10); break;  // 16 to 18 bytes
    }
    std::string diff = std::to_string(1 + rng() % 99999999);
    if (k % 97 == 0) diff += ".5";
    std::string line = t + "," + acct + "," + diff;
    Seen s{ScannedLine::fast, secs, *parse_scaled(diff), acct};
    switch (k % 9000) {  // a cluster every 9000 lines: some chunks hold none
      case 1: line = t + ",\"" + acct + "\"," + diff; s = {ScannedLine::slow, 0, 0, line}; break;
      case 2: line = "2028-02-29T00:00:00Z," + acct + "," + diff; s = {ScannedLine::slow, 0, 0, line}; break;
      case 3: line = t.substr(0, 19) + "+00:00," + acct + "," + diff; s = {ScannedLine::slow, 0, 0, line}; break;
      case 4: line += ",extra"; s = {ScannedLine::slow, 0, 0, line}; break;
      case 5: line = t + ",.w1," + diff; s = {ScannedLine::slow, 0, 0, line}; break;
      case 6: line = t + "," + acct + ",0"; s = {ScannedLine::slow, 0, 0, line}; break;
      case 7: line = t + "," + acct + "\x01," + diff; s = {ScannedLine::slow, 0, 0, line}; break;
      case 8: line = t + "," + std::string(65, 'z') + "," + diff; s = {ScannedLine::slow, 0, 0, line}; break;
      default: break;
    }
    csv += line + (k % 3 == 0 ? "\r\n" : "\n");
    want.push_back(s);
    if (k % 5000 == 4999 && k + 1 < 60000) {
      csv += "\n";
      want.push_back({ScannedLine::blank, 0, 0, {}});
    }
  }
  csv.pop_back();  // no final line end
  TempFile tf(csv);
  const ShareLayout standard{3, 0, 1, 2};
  // Each newline finder (HS_SCAN_CODE), with 1, 2 and 4 workers.
  std::vector<std::pair<const char*, unsigned>> runs;
  for (unsigned workers : {1u, 2u, 4u}) runs.emplace_back("portable", workers);
  if (cpu_has_avx2())
    for (unsigned workers : {1u, 2u, 4u}) runs.emplace_back("avx2", workers);
  for (const auto& [code, workers] : runs) {
    INFO("HS_SCAN_CODE=" << code << ", workers: " << workers);
    ScanCode use(code);
    std::size_t ordered = 0;
    const auto got = scan_all(tf.path(), standard, workers, &ordered);
    CHECK(ordered > 0);
    REQUIRE(got.size() == want.size());
    std::size_t differ = 0;
    for (std::size_t i = 0; i < got.size(); ++i) {
      const bool same = got[i].kind == want[i].kind && got[i].time == want[i].time &&
                        got[i].difficulty == want[i].difficulty && got[i].field == want[i].field;
      if (!same && differ++ < 5) {
        INFO("line " << i + 2 << ": " << want[i].field);
        CHECK(static_cast<int>(got[i].kind) == static_cast<int>(want[i].kind));
        CHECK(got[i].time == want[i].time);
        CHECK(got[i].field == want[i].field);
      }
    }
    CHECK(differ == 0);
  }
}

TEST_CASE("share scanner: HS_SCAN_CODE names a newline finder the CPU has, or is a usage error", "[ledger][scan]") {
  TempFile tf("time,account,share_difficulty\n2026-01-01T00:00:00Z,a,1\n");
  for (const char* bad : {"avx512", "AVX2", "sse"}) {
    ScanCode use(bad);
    try {
      scan_all(tf.path(), ShareLayout{3, 0, 1, 2}, 1);
      FAIL("no error for HS_SCAN_CODE=" << bad);
    } catch (const hs::Error& e) {
      CHECK(e.code() == 64);
      CHECK_THAT(std::string(e.what()), Catch::Contains("HS_SCAN_CODE") && Catch::Contains(bad));
    }
  }
  ScanCode use("portable");
  CHECK(scan_all(tf.path(), ShareLayout{3, 0, 1, 2}, 1).size() == 1);
}

TEST_CASE("share scanner: another column order, a line longer than a chunk, an empty log", "[ledger][scan]") {
  // account,share_difficulty,time,note: the fields are found in order, whatever the layout.
  std::string csv = "account,share_difficulty,time,note\n";
  csv += "a.w1,64,2026-01-01T00:00:00Z,x\n";
  csv += "b,128," + std::string("2026-01-01T00:00:01Z,") + std::string(600000, 'n') + "\n";  // > a chunk
  csv += "a.w2,1.5,2026-01-01T00:00:02Z,\n";
  TempFile tf(csv);
  const auto got = scan_all(tf.path(), ShareLayout{4, 2, 0, 1}, 2);
  REQUIRE(got.size() == 3);
  for (const auto& g : got) CHECK(g.kind == ScannedLine::fast);
  CHECK(got[0].field == "a.w1");
  CHECK(got[0].difficulty == u128{64} * scale);
  CHECK(got[1].field == "b");
  CHECK(got[1].time == 1767225601);
  CHECK(got[2].difficulty == u128{150000000});
  CHECK(got[2].time == 1767225602);

  TempFile empty("time,account,share_difficulty\n");
  CHECK(scan_all(empty.path(), ShareLayout{3, 0, 1, 2}, 3).empty());
}
