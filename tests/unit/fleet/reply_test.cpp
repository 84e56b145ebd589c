// parse_cgminer_reply over replies recorded from real firmware or quoted from the vendor's
// documentation (tests/data/fleet/README.md names each source), and over broken bytes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>

#include "fleet/reply.hpp"
#include "shared_data.hpp"

using namespace hs::fleet;

namespace {
std::string data(const std::string& name) {
  std::ifstream in(std::string(HS_TEST_DATA) + "/fleet/" + name, std::ios::binary);
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

TEST_CASE("bmminer summary recorded on a Braiins OS S9: hashrate from the GHS 5s string", "[fleet][reply]") {
  auto r = parse_cgminer_reply(data("bmminer_summary.json") + std::string(1, '\0'), "summary");
  REQUIRE(r.ok);
  CHECK(r.status == "S");
  CHECK(r.code == 11);
  CHECK(r.msg == "Summary");
  CHECK(r.description == "bmminer bOS_am1-s9-20190221-0_572dd48c");
  auto s = read_summary(r);
  REQUIRE(s.ths);
  CHECK(*s.ths == Approx(13.81568));  // "GHS 5s": "13815.68"
  REQUIRE(s.hw_errors);
  CHECK(*s.hw_errors == 827);
}

TEST_CASE("bmminer devs as recorded: TempMAX 0 on every chain gives no temperature", "[fleet][reply]") {
  auto r = parse_cgminer_reply(data("bmminer_devs.json"), "devs");
  REQUIRE(r.ok);
  CHECK(r.msg == "1 ASC(s)");
  CHECK_FALSE(read_max_temperature(r));
  REQUIRE(r.body["DEVS"].size() == 3);
  CHECK(r.body["DEVS"][1]["MHS 5s"].get<double>() == 4760620);
}

TEST_CASE("bmminer pools as recorded", "[fleet][reply]") {
  auto r = parse_cgminer_reply(data("bmminer_pools.json"), "pools");
  REQUIRE(r.ok);
  const auto* p = r.first("POOLS");
  REQUIRE(p);
  CHECK((*p)["URL"] == "stratum+tcp://stratum.slushpool.com:3333");
  CHECK((*p)["Status"] == "Alive");
}

TEST_CASE("LuxOS temps on an S9: the hottest chip", "[fleet][reply]") {
  auto r = parse_cgminer_reply(data("luxos_temps_s9.json"), "temps");
  REQUIRE(r.ok);
  CHECK(r.code == 201);
  auto t = read_max_temperature(r);
  REQUIRE(t);
  CHECK(*t == 82.0);
}

TEST_CASE("LuxOS logon gives the session id; session without one gives empty", "[fleet][reply]") {
  auto r = parse_cgminer_reply(data("luxos_logon.json"), "logon");
  REQUIRE(r.ok);
  CHECK(r.code == 316);
  CHECK(r.msg == "Session created");
  CHECK(read_session_id(r) == std::optional<std::string>("yJN2nlj1"));
  auto n = parse_cgminer_reply(data("luxos_session_none.json"), "session");
  REQUIRE(n.ok);
  CHECK(read_session_id(n) == std::optional<std::string>(""));
  CHECK_FALSE(read_session_id(parse_cgminer_reply(data("bmminer_summary.json"), "summary")));
}

TEST_CASE("LuxOS curtail and profileset acknowledgements", "[fleet][reply]") {
  auto s = parse_cgminer_reply(data("luxos_curtail_sleep.json"), "curtail");
  REQUIRE(s.ok);
  CHECK(s.code == 335);
  CHECK((*s.first("CURTAIL"))["Action"] == "sleep mode");
  auto w = parse_cgminer_reply(data("luxos_curtail_wakeup.json"), "curtail");
  REQUIRE(w.ok);
  CHECK((*w.first("CURTAIL"))["Action"] == "wake up");
  auto p = parse_cgminer_reply(data("luxos_profileset.json"), "profileset");
  REQUIRE(p.ok);
  CHECK(p.code == 321);
  CHECK((*p.first("PROFILE"))["Profile"] == "default");
}

TEST_CASE("power readings: LuxOS POWER and Braiins TUNERSTATUS", "[fleet][reply]") {
  auto l = parse_cgminer_reply(R"({"STATUS":[{"STATUS":"S","Code":0}],"POWER":[{"Watts":3312}],"id":1})", "power");
  REQUIRE(l.ok);
  CHECK(read_watts(l) == std::optional<double>(3312));
  auto b = parse_cgminer_reply(
      R"({"STATUS":[{"STATUS":"S"}],"TUNERSTATUS":[{"PowerLimit":3000,"ApproximateMinerPowerConsumption":2875}]})", "tunerstatus");
  CHECK(read_watts(b) == std::optional<double>(2875));
}

TEST_CASE("cgminer summary in MHS; the error status carries the miner's message", "[fleet][reply]") {
  auto r = parse_cgminer_reply(
      R"({"STATUS":[{"STATUS":"S","When":1,"Code":11,"Msg":"Summary","Description":"cgminer 4.11.1"}],"SUMMARY":[{"MHS av":95000000.0,"MHS 5s":94000000.0,"Hardware Errors":3}],"id":1})",
      "summary");
  REQUIRE(r.ok);
  CHECK(*read_summary(r).ths == Approx(94.0));
  auto e = parse_cgminer_reply(
      R"({"STATUS":[{"STATUS":"E","When":1,"Code":14,"Msg":"Invalid command","Description":"cgminer 4.11.1"}],"id":1})", "foo");
  CHECK_FALSE(e.ok);
  CHECK(e.code == 14);
  CHECK(e.error == "foo reply: status E: Invalid command");
}

TEST_CASE("broken replies are errors, never exceptions", "[fleet][reply]") {
  CHECK(parse_cgminer_reply("", "summary").error == "summary reply: empty");
  CHECK(parse_cgminer_reply(std::string(3, '\0'), "summary").error == "summary reply: empty");
  const std::string whole = data("bmminer_summary.json");
  // Cut short: closed and marked truncated (what survives is read; the rest is missing).
  const auto half = parse_cgminer_reply(whole.substr(0, whole.size() / 2), "summary");
  CHECK(half.truncated);
  CHECK(half.error.empty() == half.ok);
  CHECK(parse_cgminer_reply("[1,2]", "summary").error == "summary reply: not a JSON object");
  CHECK(parse_cgminer_reply("{}", "summary").error == "summary reply: no STATUS array");
  CHECK(parse_cgminer_reply(R"({"STATUS":[{"Code":1}]})", "x").error == "x reply: STATUS has no STATUS letter");
  CHECK(parse_cgminer_reply(whole + "garbage", "summary").error ==
        "summary reply: not JSON, even with firmware quirks mended");
  CHECK(parse_cgminer_reply(R"({"STATUS":[{"STATUS":"S"}],"SUMMARY":[{"GHS 5s":"12x"}]})", "s").ok);
  CHECK_FALSE(read_summary(parse_cgminer_reply(R"({"STATUS":[{"STATUS":"S"}],"SUMMARY":[{"GHS 5s":"12x"}]})", "s")).ths);
  // Mutated recordings: every byte string is an answer or an error, nothing throws.
  std::mt19937 rng(18);
  for (int i = 0; i < 3000; ++i) {
    std::string b = whole;
    int edits = 1 + static_cast<int>(rng() % 8);
    for (int k = 0; k < edits; ++k) {
      std::size_t at = rng() % b.size();
      switch (rng() % 3) {
        case 0: b[at] = static_cast<char>(rng() % 256); break;
        case 1: b.erase(at, 1 + rng() % 20); break;
        default: b.insert(at, 1, "{}[]\",:\\0\x80"[rng() % 11]); break;
      }
      if (b.empty()) b = "{";
    }
    Reply r;
    REQUIRE_NOTHROW(r = parse_cgminer_reply(b, "summary"));
    if (r.ok) REQUIRE_NOTHROW(read_summary(r));
  }
}

namespace {
// A reply recorded from a real miner by the Foreman project, read in place
// (../shared/data/fleet, provenance in its README).
std::string recorded(const std::string& name) {
  std::ifstream in(hs::test::shared_data("fleet/" + name), std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }
}  // namespace

TEST_CASE("recorded bmminer stats: }{ between the objects of a list is mended", "[fleet][reply]") {
  // S9 with a bad sensor (bmminer 1.0.0): "Type":"Antminer S9\nV1.3.58"}{"STATS":0,...
  auto r = parse_cgminer_reply(recorded("foreman__antminer_s9-badtemps__stats.txt"), "stats");
  REQUIRE(r.ok);
  CHECK(r.repairs == std::vector<std::string>{"}{ without a comma"});
  CHECK_FALSE(r.truncated);
  REQUIRE(r.body["STATS"].size() == 2);
  CHECK(r.body["STATS"][0]["Type"] == "Antminer S9\nV1.3.58");
  CHECK(json_number(&r.body["STATS"][1], "GHS av") == 13890.36);
  CHECK(json_number(&r.body["STATS"][1], "temp2_7") == -83);
  // L3+ and Z11: "}{" alone.
  for (const char* f : {"foreman__antminer_l3plus__stats.txt", "foreman__antminer_z11__stats.txt",
                        "foreman__antminer_s9-hiveon__stats.txt"}) {
    auto z = parse_cgminer_reply(recorded(f), "stats");
    CHECK(z.ok);
    CHECK(z.repairs == std::vector<std::string>{"}{ without a comma"});
  }
  // Valid JSON is parsed as it is: nothing mended.
  CHECK(parse_cgminer_reply(recorded("foreman__antminer_s19__stats.txt"), "stats").repairs.empty());
}

TEST_CASE("recorded Whatsminer summary: hashrate, the power it measures and its temperatures", "[fleet][reply]") {
  // M31S btminer (March 2021): MHS 5s 116472006.19, Power 3496 W, Temperature 80.
  auto r = parse_cgminer_reply(recorded("foreman__whatsminer_m31s__summary.txt"), "summary");
  REQUIRE(r.ok);
  auto s = read_summary(r);
  REQUIRE(s.ths);
  CHECK(*s.ths == Approx(116.47200619));
  CHECK(s.watts == 3496);
  CHECK(s.temp_c == 94.95);  // the hotter of Temperature 80 and Chip Temp Max 94.95
  // Its edevs: the hottest chip, 94.95.
  CHECK(read_max_temperature(parse_cgminer_reply(recorded("foreman__whatsminer_m31s__edevs.txt"), "edevs")) == 94.95);
  // pools+summary+edevs as one command: btminer's error 24, with its message.
  auto e = parse_cgminer_reply(recorded("foreman__whatsminer_m30s__pools+summary+edevs.txt"), "pools+summary+edevs");
  CHECK_FALSE(e.ok);
  CHECK(e.code == 24);
  CHECK(e.msg == "Missing JSON 'command'");
}

TEST_CASE("recorded Avalon summaries: the 5 s rate", "[fleet][reply]") {
  auto a7 = read_summary(parse_cgminer_reply(recorded("foreman__avalon_7xx__summary.txt"), "summary"));
  REQUIRE(a7.ths);
  CHECK(*a7.ths == Approx(52.12628215));  // MHS 5s 52126282.15
  auto a9 = read_summary(parse_cgminer_reply(recorded("foreman__avalon_9xx__summary.txt"), "summary"));
  REQUIRE(a9.ths);
  CHECK(*a9.ths == Approx(473.70764951));
}

TEST_CASE("quirks no recording here shows, in the shapes pyasic and Foreman mend", "[fleet][reply]") {
  // Avalon asleep: bare nan, no 5 s rate; MHS 30s before the average since boot.
  auto nan = parse_cgminer_reply(R"({"STATUS":[{"STATUS":"S","Code":11}],"SUMMARY":[{"MHS av":nan,"MHS 1m":nan}]})", "s");
  REQUIRE(nan.ok);
  CHECK(has(nan.repairs, "bare nan or inf"));
  CHECK(read_summary(nan).ths == 0.0);
  auto avalon = parse_cgminer_reply(
      R"({"STATUS":[{"STATUS":"S"}],"SUMMARY":[{"MHS av":48000000.0,"MHS 30s":51000000.0,"MHS 1m":50000000.0}]})", "s");
  CHECK(read_summary(avalon).ths == 51.0);
  // A raw newline inside a string (an S9's Type as some firmware writes it): escaped.
  auto raw = parse_cgminer_reply("{\"STATUS\":[{\"STATUS\":\"S\",\"Description\":\"Antminer S9\nV1.3.58\"}]}", "s");
  REQUIRE(raw.ok);
  CHECK(raw.description == "Antminer S9\nV1.3.58");
  CHECK(raw.repairs == std::vector<std::string>{"raw control byte in a string"});
  // Whatsminer's \' in a string, and ",}" / ",]".
  auto q = parse_cgminer_reply("{\"STATUS\":[{\"STATUS\":\"S\",\"Msg\":\"it\\'s fine\",}],\"SUMMARY\":[{\"MHS 5s\":1e6},],}", "s");
  REQUIRE(q.ok);
  CHECK(q.msg == "it's fine");
  CHECK(has(q.repairs, "\\' in a string"));
  CHECK(has(q.repairs, "comma before a closing bracket"));
  CHECK(read_summary(q).ths == 1.0);
  // A list of one written as the object: SUMMARY:{...}.
  auto dict = parse_cgminer_reply(R"({"STATUS":{"STATUS":"S"},"SUMMARY":{"GHS 5s":"13815.68"}})", "s");
  REQUIRE(dict.ok);
  CHECK(read_summary(dict).ths == Approx(13.81568));
  // Cut mid-key: the dangling key goes, what came before is read.
  auto cut = parse_cgminer_reply(R"({"STATUS":[{"STATUS":"S"}],"SUMMARY":[{"GHS 5s":"100","Hardw)", "s");
  REQUIRE(cut.ok);
  CHECK(cut.truncated);
  CHECK(read_summary(cut).ths == 0.1);
  CHECK_FALSE(read_summary(cut).hw_errors);
  // A string value cut short is closed; the key before it is kept.
  auto cut2 = repair_cgminer_json(R"({"a":[{"b":"xy)");
  CHECK(cut2 == R"({"a":[{"b":"xy"}]})");
  CHECK(repair_cgminer_json(R"({"a":1,"b":)") == R"({"a":1})");
  CHECK(repair_cgminer_json("{\"a\":\"\\\"\",") == "{\"a\":\"\\\"\"}");
}

TEST_CASE("LuxOS power with PSU false is an estimate", "[fleet][reply]") {
  // The shape of LuxOS's power reply (docs.luxor.tech, luxminer/power; no recording of it is in
  // ../shared/data/fleet): Watts, and PSU true only where the power supply reports it.
  auto est = parse_cgminer_reply(R"({"STATUS":[{"STATUS":"S","Code":300}],"POWER":[{"PSU":false,"Watts":1320}]})", "power");
  CHECK(read_watts(est) == 1320);
  CHECK(watts_are_estimate(est));
  auto psu = parse_cgminer_reply(R"({"STATUS":[{"STATUS":"S","Code":300}],"POWER":[{"PSU":true,"Watts":1318}]})", "power");
  CHECK_FALSE(watts_are_estimate(psu));
  CHECK_FALSE(watts_are_estimate(parse_cgminer_reply(data("bmminer_summary.json"), "summary")));
}

TEST_CASE("requests are the API's JSON objects", "[fleet][reply]") {
  CHECK(cgminer_request("summary") == R"({"command":"summary"})");
  CHECK(cgminer_request("curtail", "yJN2nlj1,sleep") == R"({"command":"curtail","parameter":"yJN2nlj1,sleep"})");
}

TEST_CASE("recorded stock Antminer stats: the hottest board and chip, and Mode 254 asleep", "[fleet][reply]") {
  auto stats = [](const char* f) { return read_antminer_stats(parse_cgminer_reply(recorded(f), "stats")); };
  // S19 Pro overheating: boards temp1..3 88/89/92 and temp_pcb3's 92; chips temp2_3 97 and temp_chip3
  // "80-66-97-87".
  auto hot = stats("foreman__antminer_s19-overheating__stats.txt");
  CHECK(hot.board_c == 92);
  CHECK(hot.chip_c == 97);
  CHECK(hot.mode == 2);
  CHECK_FALSE(hot.sleeping());
  // S19 Pro in a cold room: boards temp1..3 22/20/21 and temp_pcb1 "2--1-20-22" (its -1 left out);
  // chips temp2_1..3 27/25/26 and temp_chip1 "7-4-25-27".
  auto cold = stats("foreman__antminer_s19__stats.txt");
  CHECK(cold.board_c == 22);
  CHECK(cold.chip_c == 27);
  // S9 Hiveon: the chains in slots 6..8, boards 59/50/57, chips 74/65/72.
  auto hiveon = stats("foreman__antminer_s9-hiveon__stats.txt");
  CHECK(hiveon.board_c == 59);
  CHECK(hiveon.chip_c == 74);
  // S9 with a bad sensor: temp2_7 -83 is no reading; boards 75/73 (temp6, temp8), chips 62/62.
  auto bad = stats("foreman__antminer_s9-badtemps__stats.txt");
  CHECK(bad.board_c == 75);
  CHECK(bad.chip_c == 62);
  // T17+ and S17+ asleep: Mode 254, every sensor 0.
  for (const char* f : {"foreman__antminer_t17plus-sleeping__stats.txt", "foreman__antminer_s17plus-sleeping__stats.txt"}) {
    auto s = stats(f);
    CHECK(s.sleeping());
    CHECK_FALSE(s.board_c);
    CHECK_FALSE(s.chip_c);
  }
  CHECK(dash_joined_numbers("80-66-97-87") == std::vector<double>{80, 66, 97, 87});
  CHECK(dash_joined_numbers("2--1-20-22") == std::vector<double>{2, -1, 20, 22});
  CHECK(dash_joined_numbers("-8--11-10-12") == std::vector<double>{-8, -11, 10, 12});
}
