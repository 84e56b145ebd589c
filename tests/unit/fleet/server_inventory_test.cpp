// [[server]] tables of the inventory: the GPU servers read and capped over Redfish; defaults,
// and bad input named by file, line and key.
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "fleet/inventory.hpp"

using namespace hs::fleet;

namespace {
std::string error_of(const std::string& text) {
  try {
    parse_inventory(text, "inv.toml");
  } catch (const hs::Error& e) {
    CHECK(e.code() == 65);
    return e.what();
  }
  return "";
}
const std::string server = "[[server]]\nid = \"g1\"\naddress = \"10.0.9.1\"\nblock = \"hall-a\"\nwatts = 10200\n";
}  // namespace

TEST_CASE("servers alone make an inventory, with https on 443 and session auth", "[fleet][inventory][redfish]") {
  auto inv = parse_inventory(server + "pinned_key = \"sha256//abc=\"\n[[server]]\nid = \"g2\"\naddress = \"10.0.9.2:8080\"\n"
                                      "block = \"hall-b\"\nwatts = 900\nscheme = \"http\"\nauth = \"basic\"\nchassis = \"1U\"\n"
                                      "limit_min_watts = 300\nlimit_max_watts = 800\n",
                             "inv.toml");
  CHECK(inv.machines.empty());
  REQUIRE(inv.servers.size() == 2);
  const Server& a = inv.servers[0];
  CHECK(a.address() == "10.0.9.1:443");
  CHECK(a.base_url() == "https://10.0.9.1:443");
  CHECK(a.session_auth);
  CHECK(a.watts == 10200);
  CHECK(a.pinned_key == "sha256//abc=");
  CHECK(a.line == 1);
  const Server& b = inv.servers[1];
  CHECK(b.base_url() == "http://10.0.9.2:8080");
  CHECK_FALSE(b.session_auth);
  CHECK(b.chassis == "1U");
  CHECK(b.limit_min_watts == 300);
  CHECK(b.limit_max_watts == 800);
  CHECK(inv.blocks() == std::vector<std::string>{"hall-a", "hall-b"});
  CHECK(parse_inventory("[[server]]\nid = \"g\"\naddress = \"10.0.9.3\"\nblock = \"b\"\nwatts = 1\nscheme = \"http\"\n", "i")
            .servers[0].port == 80);
}

TEST_CASE("bad [[server]] tables name file, line and key", "[fleet][inventory][redfish]") {
  CHECK(error_of(server + "gpus = 8\n") == "inv.toml:6: field 'gpus': unknown key 'gpus' in [[server]]");
  CHECK(error_of(server + "source = \"ipmi\"\n") == "inv.toml:6: field 'source': expected one of redfish, nvml, dcgm, got \"ipmi\"");
  CHECK(error_of(server + "auth = \"digest\"\n") == "inv.toml:6: field 'auth': expected one of session, basic, got \"digest\"");
  CHECK(error_of(server + "pinned_key = \"abc\"\n").find("inv.toml:6: field 'pinned_key': expected \"sha256//") == 0);
  CHECK(error_of(server + "ca_file = \"nowhere.pem\"\n") == "inv.toml:6: field 'ca_file': no such file: nowhere.pem");
  CHECK(error_of(server + "scheme = \"http\"\npinned_key = \"sha256//x\"\n").find("field 'scheme': ca_file and pinned_key verify https") != std::string::npos);
  CHECK(error_of(server + "limit_min_watts = 900\nlimit_max_watts = 800\n").find("limit_min_watts is above limit_max_watts") != std::string::npos);
  CHECK(error_of("[[server]]\nid = \"g\"\naddress = \"bmc.example\"\nblock = \"b\"\nwatts = 1\n") ==
        "inv.toml:3: field 'address': expected an IPv4 address with an optional :port, got \"bmc.example\"");
  CHECK(error_of("[[server]]\nid = \"g\"\naddress = \"10.0.9.1\"\nblock = \"b\"\n") ==
        "inv.toml:1: field 'watts': server 'g' needs nameplate watts above 0");
  CHECK(error_of(server + server) == "inv.toml:7: field 'id': id 'g1' is used twice");
  CHECK(error_of("[site]\n") == "inv.toml: the inventory lists no [[machine]] and no [[server]]");
}
