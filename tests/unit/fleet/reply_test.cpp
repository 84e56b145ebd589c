// parse_cgminer_reply over replies recorded from real firmware or quoted from the vendor's
// documentation (tests/data/fleet/README.md names each source), and over broken bytes.
#include <catch2/catch.hpp>

#include <fstream>
#include <random>
#include <sstream>

#include "fleet/reply.hpp"

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
  CHECK(parse_cgminer_reply(whole.substr(0, whole.size() / 2), "summary").error == "summary reply: not JSON");
  CHECK(parse_cgminer_reply("[1,2]", "summary").error == "summary reply: not a JSON object");
  CHECK(parse_cgminer_reply("{}", "summary").error == "summary reply: no STATUS array");
  CHECK(parse_cgminer_reply(R"({"STATUS":[{"Code":1}]})", "x").error == "x reply: STATUS has no STATUS letter");
  CHECK(parse_cgminer_reply(whole + "garbage", "summary").error == "summary reply: not JSON");
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

TEST_CASE("requests are the API's JSON objects", "[fleet][reply]") {
  CHECK(cgminer_request("summary") == R"({"command":"summary"})");
  CHECK(cgminer_request("curtail", "yJN2nlj1,sleep") == R"({"command":"curtail","parameter":"yJN2nlj1,sleep"})");
}
