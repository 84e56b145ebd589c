// The Redfish readers on DMTF's own mockups, read in place from shared/data/redfish (their
// README gives the values), the walk that finds what to fetch, the cap range and the PATCH
// bodies, and the records built from a reading.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "../record_fields.hpp"
#include "shared_data.hpp"
#include "fleet/redfish/caps.hpp"
#include "fleet/redfish/resources.hpp"
#include "fleet/redfish/rows.hpp"

namespace R = hs::fleet::redfish;
using nlohmann::json;
using hs::test::by_field;

namespace {

json load(const std::string& mockup, const std::string& rel) {
  std::ifstream in(hs::test::shared_data("redfish/" + mockup + "/" + rel + "/index.json"));
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

// Walks a mockup as the client does: every path wanted() asks for is answered from the folder
// (URL /redfish/v1/X -> X/index.json), 404 when the file is not there; returns what was fetched.
R::Resources walk(const std::string& mockup, const std::string& chassis, int* rounds = nullptr) {
  const std::string root = hs::test::shared_data("redfish/" + mockup + "/index.json");
  const auto dir = std::filesystem::path(root).parent_path();
  R::Resources got;
  int n = 0;
  for (;; ++n) {
    const auto want = R::wanted(chassis, got);
    if (want.empty()) break;
    REQUIRE(n < 16);
    for (const auto& p : want) {
      std::string rel = p.substr(std::string("/redfish/v1").size());
      while (!rel.empty() && rel.front() == '/') rel.erase(0, 1);
      const auto f = dir / rel / "index.json";
      R::Resource r;
      if (std::filesystem::is_regular_file(f)) {
        std::ifstream in(f);
        std::stringstream ss;
        ss << in.rdbuf();
        r.status = 200;
        r.body = json::parse(ss.str());
      } else {
        r.status = 404;
      }
      got[p] = r;
    }
  }
  if (rounds) *rounds = n;
  return got;
}

}  // namespace

TEST_CASE("Power (deprecated): consumed 344 W, limit 500 W, capacity 800 W", "[fleet][redfish]") {
  R::Reading r;
  R::read_power(load("public-localstorage", "Chassis/1U/Power"), r);
  CHECK(r.watts == 344);
  CHECK(r.watts_source == "PowerControl");
  CHECK(r.limit_watts == 500);
  CHECK(r.capacity_watts == 800);
  CHECK_FALSE(r.psu_input_watts);  // the PSU gives LastPowerOutputWatts (325) only
}

TEST_CASE("EnvironmentMetrics, PowerSubsystem and Sensors of the smartnic mockup", "[fleet][redfish]") {
  R::Reading env;
  R::read_environment(load("public-smartnic", "Chassis/1U/EnvironmentMetrics"), env);
  CHECK(env.watts == 374);
  CHECK(env.watts_source == "EnvironmentMetrics");
  CHECK(env.chassis_temp_c == 39);

  R::Reading ps;
  R::read_power_subsystem(load("public-smartnic", "Chassis/1U/PowerSubsystem"), ps);
  CHECK(ps.capacity_watts == 2000);
  CHECK_FALSE(ps.limit_watts);  // Allocation is not a limit

  const json total = load("public-smartnic", "Chassis/1U/Sensors/TotalPower");
  const json ps1 = load("public-smartnic", "Chassis/1U/Sensors/PS1InputPower");
  const json ps2 = load("public-smartnic", "Chassis/1U/Sensors/PS2InputPower");  // absent: no Reading
  const json energy = load("public-smartnic", "Chassis/1U/Sensors/TotalEnergy");  // kWh, not power
  R::Reading s;
  R::read_sensors({&energy, &ps2, &ps1, &total}, s);
  CHECK(s.watts == 374);
  CHECK(s.watts_source == "Sensors");
  CHECK(s.psu_input_watts == 374);  // PS1 alone: PS2 is absent
  // Without the chassis total, the PSUs' input is the draw.
  R::Reading only_psu;
  R::read_sensors({&ps1, &ps2}, only_psu);
  CHECK(only_psu.watts == 374);
}

TEST_CASE("the walk of each mockup, 404s included, and what it reads", "[fleet][redfish]") {
  int rounds = 0;
  auto local = walk("public-localstorage", "", &rounds);
  CHECK(rounds == 4);  // root, collection, chassis, its links
  CHECK(local.at("/redfish/v1/Chassis/1U/Thermal").status == 404);
  CHECK(R::chosen_chassis("", local) == "/redfish/v1/Chassis/1U");
  auto a = R::read("", local);
  CHECK(a.power_state == "On");
  CHECK(a.watts == 344);
  CHECK(a.watts_source == "PowerControl");
  CHECK(a.limit_watts == 500);
  CHECK(a.limit_path == "/redfish/v1/Chassis/1U/Power");
  CHECK_FALSE(a.limit_is_control);

  auto nic = walk("public-smartnic", "");
  auto b = R::read("", nic);
  CHECK(b.chassis == "/redfish/v1/Chassis/1U");  // the first member with power data
  CHECK(b.watts == 374);
  CHECK(b.watts_source == "EnvironmentMetrics");  // preferred over Sensors
  CHECK(b.psu_input_watts == 374);
  CHECK(b.capacity_watts == 2000);
  CHECK_FALSE(b.limit_watts);
  CHECK(b.limit_path.empty());  // no Power resource, no Controls: nothing to cap
  CHECK(nic.at("/redfish/v1/Chassis/1U/Sensors/AmbientTemp").status == 404);
  CHECK(nic.at("/redfish/v1/Chassis/1U/PowerSubsystem/PowerSupplies/Bay1/Metrics").status == 404);
  CHECK_FALSE(nic.count("/redfish/v1/Chassis/1U/PowerSubsystem/PowerSupplies/Bay2/Metrics"));  // absent bay

  auto card = walk("public-smartnic", "Card1");
  CHECK(R::read("Card1", card).chassis == "/redfish/v1/Chassis/Card1");
  CHECK(R::read("Card1", card).watts == 374);
  std::string why;
  auto none = walk("public-smartnic", "Card9");
  CHECK(R::chosen_chassis("Card9", none, &why).empty());
  // The collection lists 1U and Card1 only (Card2 has files but is no member).
  CHECK(why == "no chassis 'Card9' (the BMC lists 1U, Card1)");
}

TEST_CASE("a power Control: SetPoint, its range, Disabled limits nothing", "[fleet][redfish]") {
  json c = {{"ControlType", "Power"}, {"SetPoint", 450}, {"ControlMode", "Automatic"}, {"AllowableMin", 200}, {"AllowableMax", 700}};
  R::Reading r;
  CHECK(R::read_control(c, "/redfish/v1/Chassis/1U/Controls/PowerLimit", "W/\"3\"", r));
  CHECK(r.limit_watts == 450);
  CHECK(r.limit_etag == "W/\"3\"");
  auto rg = R::limit_range(r, 100.0, 900.0, 1000);
  CHECK(rg.min == 200);
  CHECK(rg.max == 700);
  CHECK(rg.from == "control");
  c["ControlMode"] = "Disabled";
  R::Reading off;
  R::read_control(c, "/x", "", off);
  CHECK_FALSE(off.limit_watts);
  R::Reading temp;
  CHECK_FALSE(R::read_control({{"ControlType", "Temperature"}, {"SetPoint", 20}}, "/y", "", temp));
}

TEST_CASE("the cap range without a Control: inventory, else capacity, else nameplate", "[fleet][redfish]") {
  R::Reading r;
  r.capacity_watts = 800;
  auto inv = R::limit_range(r, 300.0, std::nullopt, 1000);
  CHECK(inv.min == 300);
  CHECK(inv.max == 800);
  CHECK(inv.from == "inventory");
  auto cap = R::limit_range(r, std::nullopt, std::nullopt, 1000);
  CHECK(cap.max == 800);
  CHECK(cap.from == "capacity");
  auto plate = R::limit_range(R::Reading{}, std::nullopt, std::nullopt, 1000);
  CHECK(plate.max == 1000);
  CHECK(plate.from == "nameplate");
}

TEST_CASE("asked limits: measured draw when uncapped, nameplate when capped, 0 clears", "[fleet][redfish]") {
  CHECK(R::asked_limit(25, 374.0, false, 2000) == 281);   // round(374 x 0.75) = 280.5 -> 281
  CHECK(R::asked_limit(25, 344.0, true, 1000) == 750);    // limited: 1000 x 0.75
  CHECK(R::asked_limit(10, std::nullopt, false, 1000) == 900);
  CHECK_FALSE(R::asked_limit(0, 374.0, false, 2000));
}

TEST_CASE("PATCH bodies and the BMC's own words", "[fleet][redfish]") {
  CHECK(R::power_limit_body(420.0) == R"({"PowerControl":[{"PowerLimit":{"LimitInWatts":420}}]})");
  CHECK(R::power_limit_body(std::nullopt) == R"({"PowerControl":[{"PowerLimit":{"LimitInWatts":null}}]})");
  CHECK(R::control_body(300.4) == R"({"ControlMode":"Automatic","SetPoint":300})");
  CHECK(R::control_body(std::nullopt) == R"({"ControlMode":"Disabled"})");
  const std::string refused = R"({"error":{"code":"Base.1.8.GeneralError","message":"A general error has occurred.",
    "@Message.ExtendedInfo":[{"MessageId":"Base.1.8.PropertyValueOutOfRange","Message":"The value 90 for the property LimitInWatts is not in the supported range."}]}})";
  CHECK(R::bmc_message(400, refused) == "HTTP 400: The value 90 for the property LimitInWatts is not in the supported range.");
  CHECK(R::bmc_message(400, R"({"error":{"message":"nope"}})") == "HTTP 400: nope");
  CHECK(R::bmc_message(503, "<html>busy</html>") == "HTTP 503");
}

TEST_CASE("links never leave the BMC", "[fleet][redfish]") {
  json j = {{"Outlet", {{"@odata.id", "https://redfishpdu.contoso.com/redfish/v1/PowerEquipment/RackPDUs/1/Outlets/A4"}}},
            {"Power", {{"@odata.id", "/redfish/v1/Chassis/1U/Power#/PowerControl/0"}}}};
  CHECK(R::link(j, "Outlet").empty());
  CHECK(R::link(j, "Power") == "/redfish/v1/Chassis/1U/Power");
}

TEST_CASE("fleet_server and ai_draw records worked by hand", "[fleet][redfish][records]") {
  hs::fleet::Inventory inv;
  hs::fleet::Server a, b, c;
  a.id = "gpu-a", a.host = "10.0.9.1", a.block = "hall-a", a.watts = 1000;
  b.id = "gpu-b", b.host = "10.0.9.2", b.block = "hall-a", b.watts = 2000;
  c.id = "gpu-c", c.host = "10.0.9.3", c.block = "hall-a", c.watts = 3000;
  inv.servers = {a, b, c};
  R::ServerRead ra, rb, rc;
  ra.state = "on", ra.reading = R::read("", walk("public-localstorage", ""));
  rb.state = "on", rb.reading = R::read("", walk("public-smartnic", ""));
  rb.reading.gpu_temp_c = 71.5, rb.reading.inlet_temp_c = 24;
  rc.state = "unreachable", rc.error = "Couldn't connect to server";
  auto row = by_field("fleet_server", R::server_cells(a, ra));
  CHECK(row.at("watts") == "344.0");
  CHECK(row.at("watts_source") == "PowerControl");
  CHECK(row.at("limit_watts") == "500.0");
  CHECK(row.at("limit_min_watts") == "0.0");
  CHECK(row.at("limit_max_watts") == "800.0");  // PowerCapacityWatts
  CHECK(row.at("address") == "10.0.9.1:443");
  auto nic = by_field("fleet_server", R::server_cells(b, rb));
  CHECK(nic.at("psu_input_watts") == "374.0");
  CHECK(nic.at("limit_watts") == "");
  const auto draws = R::block_draws(inv, {0, 1, 2}, {ra, rb, rc});
  REQUIRE(draws.size() == 1);
  auto d = by_field("ai_draw", draws[0].cells(hs::UtcTime{std::chrono::seconds{1767225600}}));
  CHECK(d.at("measured_at") == "2026-01-01T00:00:00Z");
  CHECK(d.at("servers") == "3");
  CHECK(d.at("reachable") == "2");
  CHECK(d.at("capped") == "1");
  CHECK(d.at("it_mw") == "0.000718");          // 344 + 374 W
  CHECK(d.at("uncapped_it_mw") == "0.004374");  // 1000 (capped: nameplate) + 374 + 3000 (unreachable: nameplate)
  CHECK(d.at("limit_mw") == "0.000500");
  CHECK(d.at("gpu_temp_c") == "71.5");
  CHECK(d.at("inlet_temp_c") == "24.0");
}
