// The journal: what was sent and answered, what a resumed run finds, and the one-run lock.
#include <catch2/catch.hpp>

#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

#include "core/error.hpp"
#include "fleet/journal.hpp"

using namespace hs::fleet;

namespace {
struct TempJournal {
  std::string path = std::filesystem::temp_directory_path() / ("fleet_unit_" + std::to_string(::getpid()) + ".db");
  TempJournal() { clean(); }
  ~TempJournal() { clean(); }
  void clean() {
    std::filesystem::remove(path);
    std::filesystem::remove(path + ".lock");
  }
};
}  // namespace

TEST_CASE("acknowledged commands are found again under the same key only", "[fleet][journal]") {
  TempJournal t;
  {
    Journal j(t.path, 1000);
    auto run = j.begin_run("K1", "2025-04-11T01:00:00Z");
    auto rows = j.sent(run, "K1",
                       {{"m1", "127.0.0.1:1", "curtail", "<session>,sleep", "sleep", ""},
                        {"m2", "127.0.0.1:2", "curtail", "<session>,sleep", "sleep", ""},
                        {"m3", "127.0.0.1:3", "profileset", "<session>,-2", "profile", "-2"}});
    REQUIRE(rows.size() == 3);
    j.answered({{rows[0], true, "{\"STATUS\":[{\"STATUS\":\"S\"}]}"}, {rows[1], false, "timeout"}, {rows[2], true, "ok"}});
    // m1 later woken again under the same key: the last acknowledgement wins.
    auto more = j.sent(run, "K1", {{"m1", "127.0.0.1:1", "curtail", "<session>,wakeup", "wakeup", ""}});
    j.answered({{more[0], true, "ok"}});
    j.finish_run(run, "ok");
  }
  Journal j(t.path, 1000);
  auto a = j.acknowledged("K1");
  CHECK(a.size() == 2);
  CHECK(a["m1"].action == "wakeup");
  CHECK(a.count("m2") == 0);  // not acknowledged: a resumed run sends it again
  CHECK(a["m3"].profile == "-2");
  CHECK(j.acknowledged("K2").empty());
  CHECK(j.last_profiles() == std::map<std::string, std::string>{{"m3", "-2"}});
  auto rows = j.rows("K1");
  REQUIRE(rows.size() == 4);
  CHECK(rows[1] == std::vector<std::string>{"m2", "curtail", "<session>,sleep", "failed"});
}

TEST_CASE("a second run is refused with 75 while the first holds the journal", "[fleet][journal]") {
  TempJournal t;
  Journal first(t.path, 100);
  try {
    Journal second(t.path, 100);
    FAIL("second journal opened");
  } catch (const hs::Error& e) {
    CHECK(e.code() == 75);
    CHECK(std::string(e.what()).find("another fleet run holds") != std::string::npos);
  }
}

TEST_CASE("an SQLite file of something else is refused, untouched", "[fleet][journal]") {
  TempJournal t;
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(t.path.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "CREATE TABLE other(x)", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  try {
    Journal j(t.path, 100);
    FAIL("opened a foreign database");
  } catch (const hs::Error& e) {
    CHECK(e.code() == 65);
  }
}

TEST_CASE("what each machine was last seen doing is kept, and a version 1 journal gains it", "[fleet][journal]") {
  TempJournal t;
  {
    // A journal as version 1 wrote it: the runs and commands, no last_seen (nor version 3's caps).
    Journal j(t.path, 1000);
  }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(t.path.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "DROP TABLE last_seen; DROP TABLE caps; PRAGMA user_version = 1", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  {
    Journal j(t.path, 1000);
    CHECK(j.last_seen().empty());
    j.seen({{"m1", {true, 3512.5, "2025-04-11T00:05:00Z"}}, {"m2", {false, 9, "2025-04-11T00:05:00Z"}}});
    j.seen({{"m1", {false, 8, "2025-04-11T00:20:00Z"}}});  // seen off later: the newest sighting wins
  }
  Journal j(t.path, 1000);
  const auto seen = j.last_seen();
  REQUIRE(seen.size() == 2);
  CHECK_FALSE(seen.at("m1").hashing);
  CHECK(seen.at("m1").watts == 8);
  CHECK(seen.at("m1").seen_at == "2025-04-11T00:20:00Z");
  CHECK(seen.at("m2").watts == 9);
}

TEST_CASE("GPU caps: outcomes under a key, a PATCH sent counts, unreached servers do not", "[fleet][journal][redfish]") {
  TempJournal t;
  Journal j(t.path, 1000);
  const std::string key = "caps 2026-03-01T12:00:00Z hall-a=25%";
  const auto run = j.begin_run(key, "2026-03-01T12:00:00Z");
  // A PATCH journaled as sent, the process killed before its outcome: it counts as tried.
  j.sent(run, key, {{"g1", "10.0.9.1:443", "PATCH /redfish/v1/Chassis/1U/Power", "{}", "cap", ""}});
  j.cap_outcomes(run, key, {{"g2", "10.0.9.2:443", 750.0, "refused", "HTTP 400: no", true},
                            {"g3", "10.0.9.3:443", std::nullopt, "unreachable", "Couldn't connect", false}});
  const auto tried = j.caps_tried(key);
  REQUIRE(tried.size() == 2);
  CHECK(tried.at("g1").outcome == "sent");
  CHECK_FALSE(tried.at("g1").succeeded());
  CHECK(tried.at("g2").outcome == "refused");
  CHECK(tried.at("g2").message == "HTTP 400: no");
  CHECK(tried.at("g2").asked_limit_watts == 750.0);
  CHECK(j.caps_tried("caps 2026-03-01T12:05:00Z hall-a=25%").empty());  // the next interval tries again
}
