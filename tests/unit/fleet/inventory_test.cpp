// The inventory: what is accepted, and bad input named by file, line and key.
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "fleet/inventory.hpp"

using namespace hs::fleet;

namespace {
const char* good = R"([site]
ramp_mw_per_minute = 2.5

[[class]]
name = "s21"
pue = 1.04
profiles = { eco = "-2" }

[[machine]]
id = "r1-01"
address = "10.0.1.1"
class = "s21"
model = "Antminer S21 200T"
firmware = "luxos"
ths = 200
watts = 3500
profiles = ["default", "-1", "-2"]

[[machine]]
address = "10.0.1.2:4029"
class = "s21"
firmware = "bmminer"
ths = 200
watts = 3500
)";

std::string error_of(const std::string& text) {
  try {
    parse_inventory(text, "inv.toml");
  } catch (const hs::Error& e) {
    CHECK(e.code() == 65);
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("an inventory with defaults", "[fleet][inventory]") {
  auto inv = parse_inventory(good, "inv.toml");
  CHECK(inv.ramp_mw_per_minute == 2.5);
  REQUIRE(inv.machines.size() == 2);
  CHECK(inv.machines[0].address() == "10.0.1.1:4028");
  CHECK(inv.machines[0].joules_per_th() == 17.5);
  CHECK(inv.machines[1].id == "10.0.1.2:4029");  // no id: the address
  CHECK(inv.machines[1].firmware == Firmware::bmminer);
  CHECK(inv.find_class("s21")->profiles.at("eco") == "-2");
  CHECK(inv.find_address("10.0.1.2", 4029) == std::optional<std::size_t>(1));
  CHECK_FALSE(inv.find_address("10.0.1.3", 4028));
  CHECK(controllable(Firmware::luxos));
  CHECK_FALSE(controllable(Firmware::bmminer));
  CHECK(controllable(Firmware::braiins));
  CHECK(has_profiles(Firmware::braiins));  // power targets over its gRPC API
  CHECK_FALSE(has_profiles(Firmware::epic));
  CHECK_FALSE(controllable(Firmware::bitaxe));  // AxeOS has no sleep
  CHECK(has_profiles(Firmware::bitaxe));
}

TEST_CASE("bad inventories name the line and key", "[fleet][inventory]") {
  std::string g = good;
  auto with = [&](const std::string& from, const std::string& to) {
    std::string s = g;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  CHECK(error_of(with("address = \"10.0.1.1\"", "address = \"miner-1.local\"")) ==
        "inv.toml:11: field 'address': expected an IPv4 address with an optional :port, got \"miner-1.local\"");
  CHECK(error_of(with("10.0.1.2:4029", "10.0.1.1")) == "inv.toml:20: field 'address': address 10.0.1.1:4028 is used twice");
  CHECK(error_of(with("firmware = \"bmminer\"", "firmware = \"vnish\"")) ==
        "inv.toml:22: field 'firmware': expected one of cgminer, bmminer, antminer, luxos, braiins, whatsminer, whatsminer3, avalon, epic, bitaxe, got \"vnish\"");
  CHECK(error_of(with("model = ", "modle = ")).find("unknown key 'modle' in [[machine]]") != std::string::npos);
  CHECK(error_of(with("class = \"s21\"\nmodel", "class = \"s19\"\nmodel")) ==
        "inv.toml:12: field 'class': class 's19' is not declared in a [[class]] table");
  CHECK(error_of(with("watts = 3500\nprofiles", "watts = 0\nprofiles")).find("needs nameplate ths and watts") !=
        std::string::npos);
}

TEST_CASE("addresses", "[fleet][inventory]") {
  std::string h;
  std::uint16_t p = 0;
  CHECK(parse_address("192.168.0.7", h, p));
  CHECK((h == "192.168.0.7" && p == 4028));
  CHECK(parse_address("127.0.0.1:40000", h, p));
  CHECK(p == 40000);
  CHECK_FALSE(parse_address("127.0.0.1:0", h, p));
  CHECK_FALSE(parse_address("127.0.0.1:70000", h, p));
  CHECK_FALSE(parse_address("127.0.0.1:", h, p));
  CHECK_FALSE(parse_address("256.0.0.1", h, p));
  CHECK_FALSE(parse_address("example.com", h, p));
}

TEST_CASE("examples/fleet.toml is a valid inventory for examples/site.toml's classes", "[fleet][inventory]") {
  auto inv = read_inventory(std::string(HS_SOURCE_DIR) + "/examples/fleet.toml");
  CHECK(inv.ramp_mw_per_minute == 5);
  REQUIRE(inv.classes.size() == 3);
  CHECK(inv.classes[0].name == "s21");
  CHECK(inv.classes[2].name == "s19jpro");
  REQUIRE(inv.machines.size() == 4);
  CHECK(inv.machines[3].address() == "10.20.12.11:4029");
  CHECK(inv.machines[2].firmware == Firmware::braiins);
}
