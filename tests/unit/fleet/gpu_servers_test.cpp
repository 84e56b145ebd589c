// [[server]]s of source nvml and dcgm: their inventory keys (no address for this node, port 9400
// for dcgm-exporter, every Redfish key refused by name), their readings as fleet_server rows
// and ai_draw sums worked by hand, and the caps fleet apply refuses them as read only.
#include <catch2/catch.hpp>

#include "../record_fields.hpp"
#include "core/error.hpp"
#include "fleet/gpu/servers.hpp"
#include "fleet/inventory.hpp"
#include "fleet/redfish/caps.hpp"
#include "fleet/redfish/rows.hpp"

namespace F = hs::fleet;
namespace G = hs::fleet::gpu;
namespace R = hs::fleet::redfish;
using hs::test::by_field;

namespace {
std::string error_of(const std::string& text) {
  try {
    F::parse_inventory(text, "inv.toml");
  } catch (const hs::Error& e) {
    CHECK(e.code() == 65);
    return e.what();
  }
  return "";
}
const std::string nvml = "[[server]]\nid = \"here\"\nblock = \"hall-a\"\nsource = \"nvml\"\nwatts = 10200\n";
const std::string dcgm = "[[server]]\nid = \"d1\"\nblock = \"hall-b\"\nsource = \"dcgm\"\naddress = \"10.0.9.7\"\nwatts = 5000\n";

G::GpuReading gpu(unsigned index, std::optional<double> watts, std::optional<double> limit, std::optional<double> temp) {
  G::GpuReading g;
  g.index = index, g.watts = watts, g.limit_watts = limit, g.temp_c = temp;
  g.limit_min_watts = 200, g.limit_max_watts = 700;
  return g;
}
}  // namespace

TEST_CASE("nvml and dcgm servers: this node without an address, dcgm-exporter on 9400 over http", "[servers]") {
  auto inv = F::parse_inventory(nvml + dcgm + "[[server]]\nid = \"d2\"\nblock = \"hall-b\"\nsource = \"dcgm\"\n"
                                              "address = \"10.0.9.8:9500\"\nwatts = 5000\n",
                                "inv.toml");
  REQUIRE(inv.servers.size() == 3);
  const F::Server& here = inv.servers[0];
  CHECK(here.source == F::ServerSource::nvml);
  CHECK(std::string(F::to_string(here.source)) == "nvml");
  CHECK(here.address() == "local");
  CHECK(here.watts == 10200);
  CHECK(F::read_only(here.source));
  const F::Server& d1 = inv.servers[1];
  CHECK(std::string(F::to_string(d1.source)) == "dcgm");
  CHECK(d1.address() == "10.0.9.7:9400");
  CHECK(d1.base_url() == "http://10.0.9.7:9400");
  CHECK(d1.line == 6);
  CHECK(inv.servers[2].base_url() == "http://10.0.9.8:9500");
  CHECK_FALSE(F::read_only(F::ServerSource::redfish));
  CHECK(inv.blocks() == std::vector<std::string>{"hall-a", "hall-b"});
}

TEST_CASE("nvml and dcgm servers: Redfish keys and addresses refused by file, line and key", "[servers]") {
  CHECK(error_of(nvml + "address = \"10.0.9.1\"\n") ==
        "inv.toml:6: field 'address': source \"nvml\" reads the GPUs of the node fleet runs on and takes no address "
        "(server 'here'); use source \"dcgm\" for another node's dcgm-exporter");
  CHECK(error_of(nvml + "auth = \"basic\"\n") ==
        "inv.toml:6: field 'auth': auth is for source \"redfish\" (a BMC); server 'here' has source \"nvml\", read only");
  CHECK(error_of(dcgm + "pinned_key = \"sha256//x\"\n") ==
        "inv.toml:7: field 'pinned_key': pinned_key is for source \"redfish\" (a BMC); server 'd1' has source \"dcgm\", "
        "read only over plain http");
  for (const char* key : {"chassis", "scheme", "ca_file"})
    CHECK(error_of(dcgm + key + " = \"x\"\n").find("inv.toml:7: field '" + std::string(key) + "': " + key + " is for source \"redfish\"") == 0);
  for (const char* key : {"limit_min_watts", "limit_max_watts"})
    CHECK(error_of(nvml + key + " = 300\n").find("inv.toml:6: field '" + std::string(key) + "'") == 0);
  CHECK(error_of("[[server]]\nid = \"d\"\nblock = \"b\"\nsource = \"dcgm\"\nwatts = 1\n") ==
        "inv.toml:1: field 'address': missing key 'address' in [[server]]");
  CHECK(error_of("[[server]]\nid = \"d\"\nblock = \"b\"\nsource = \"dcgm\"\naddress = \"gpu7:9400\"\nwatts = 1\n") ==
        "inv.toml:5: field 'address': expected dcgm-exporter's IPv4 address with an optional :port, got \"gpu7:9400\"");
  // The nameplate is what an unread server counts at: required for every source.
  CHECK(error_of("[[server]]\nid = \"here\"\nblock = \"b\"\nsource = \"nvml\"\n") ==
        "inv.toml:1: field 'watts': server 'here' needs nameplate watts above 0");
  CHECK(error_of(nvml + "[[server]]\nid = \"again\"\nblock = \"b\"\nsource = \"nvml\"\nwatts = 1\n") ==
        "inv.toml:9: field 'source': source \"nvml\" reads this node: server 'here' (line 1) already does");
  CHECK(error_of(dcgm + "[[server]]\nid = \"d2\"\nblock = \"b\"\nsource = \"dcgm\"\naddress = \"10.0.9.7:9400\"\nwatts = 1\n") ==
        "inv.toml:11: field 'address': address 10.0.9.7:9400 is used twice");
}

TEST_CASE("a node's GPUs as a fleet_server row: sums, the hottest, no PSU or inlet", "[servers]") {
  F::Server s;
  s.id = "here", s.block = "hall-a", s.source = F::ServerSource::nvml, s.watts = 1500;
  G::NodeReading node;
  node.gpus = {gpu(0, 312.5, 700, 61), gpu(1, 298, 650, 58)};
  const R::ServerRead r = G::server_read(node, s.source);
  CHECK(r.state == "on");
  auto row = by_field("fleet_server", R::server_cells(s, r));
  CHECK(row.at("address") == "local");
  CHECK(row.at("source") == "nvml");
  CHECK(row.at("watts") == "610.5");
  CHECK(row.at("watts_source") == "nvml");
  CHECK(row.at("limit_watts") == "1350.0");
  CHECK(row.at("limit_min_watts") == "400.0");
  CHECK(row.at("limit_max_watts") == "1400.0");
  CHECK(row.at("gpu_temp_c") == "61.0");
  CHECK(row.at("psu_input_watts") == "");
  CHECK(row.at("inlet_temp_c") == "");
  CHECK(row.at("error") == "");

  // One GPU without a limit or a range: no sum claims the node's, and no range of fleet's own.
  node.gpus[1].limit_watts.reset();
  node.gpus[1].limit_max_watts.reset();
  auto partial = by_field("fleet_server", R::server_cells(s, G::server_read(node, s.source)));
  CHECK(partial.at("watts") == "610.5");
  CHECK(partial.at("limit_watts") == "");
  CHECK(partial.at("limit_min_watts") == "400.0");
  CHECK(partial.at("limit_max_watts") == "");
}

TEST_CASE("a node's GPUs that cannot all be read are an error naming them", "[servers]") {
  G::NodeReading node;
  node.gpus = {gpu(0, 312.5, 700, 61), gpu(1, std::nullopt, 700, 58), gpu(2, std::nullopt, std::nullopt, std::nullopt)};
  node.gpus[2].error = "nvmlDeviceGetHandleByIndex_v2 failed: NVML_ERROR_GPU_IS_LOST";
  R::ServerRead r = G::server_read(node, F::ServerSource::nvml);
  CHECK(r.state == "error");
  CHECK(r.error == "no power reading from GPU 1, GPU 2 (nvmlDeviceGetHandleByIndex_v2 failed: NVML_ERROR_GPU_IS_LOST)");
  CHECK_FALSE(r.reading.watts);  // a partial sum is never written as the draw
  G::NodeReading none;
  CHECK(G::server_read(none, F::ServerSource::nvml).error == "NVML shows no GPU");
  none.error = "nvmlInit_v2 failed: NVML_ERROR_DRIVER_NOT_LOADED";
  r = G::server_read(none, F::ServerSource::dcgm);
  CHECK(r.state == "error");
  CHECK(r.error == "nvmlInit_v2 failed: NVML_ERROR_DRIVER_NOT_LOADED");
}

TEST_CASE("ai_draw: a read-only source's GPUs, the rest of the server at its most; a cap below the largest limit", "[servers]") {
  F::Inventory inv;
  F::Server a, b, c, e, f;
  a.id = "here", a.block = "hall-a", a.source = F::ServerSource::nvml, a.watts = 1500;
  b.id = "d1", b.host = "10.0.9.7", b.port = 9400, b.block = "hall-a", b.source = F::ServerSource::dcgm, b.watts = 2000;
  c.id = "d2", c.host = "10.0.9.8", c.port = 9400, c.block = "hall-a", c.source = F::ServerSource::dcgm, c.watts = 3000;
  e.id = "d3", e.host = "10.0.9.9", e.port = 9400, e.block = "hall-a", e.source = F::ServerSource::dcgm, e.watts = 2000;
  f.id = "d4", f.host = "10.0.9.10", f.port = 9400, f.block = "hall-a", f.source = F::ServerSource::dcgm, f.watts = 1000;
  inv.servers = {a, b, c, e, f};
  G::NodeReading at_default, no_limit, capped, no_range;
  at_default.gpus = {gpu(0, 312.5, 700, 61), gpu(1, 298, 700, 58)};  // NVML's default: at the largest, no cap
  no_limit.gpus = {gpu(0, 400.25, std::nullopt, 66)};
  capped.gpus = {gpu(0, 500, 450, 70)};                              // 450 W of at most 700: a cap
  no_range.gpus = {gpu(0, 300, std::nullopt, 50)};
  no_range.gpus[0].limit_max_watts.reset();                          // no largest limit published
  R::ServerRead unread;
  unread.error = "GET /metrics: Couldn't connect to server";
  const auto draws = R::block_draws(inv, {0, 1, 2, 3, 4},
                                    {G::server_read(at_default, a.source), G::server_read(no_limit, b.source), unread,
                                     G::server_read(capped, e.source), G::server_read(no_range, f.source)});
  REQUIRE(draws.size() == 1);
  auto d = by_field("ai_draw", draws[0].cells(hs::UtcTime{std::chrono::seconds{1767225600}}));
  CHECK(d.at("reachable") == "4");
  CHECK(d.at("capped") == "1");
  // Drawn: here 312.5 + 298 + (1500 - 1400) = 710.5; d1 400.25 + (2000 - 700) = 1700.25;
  // d3 500 + (2000 - 700) = 1800; d4 its 1000 W nameplate: 5210.75 W.
  CHECK(d.at("it_mw") == "0.005211");
  // Uncapped: 710.5 + 1700.25 + 3000 (d2 unread: nameplate) + 2000 (d3 capped: nameplate) + 1000.
  CHECK(d.at("uncapped_it_mw") == "0.008411");
  CHECK(d.at("limit_mw") == "0.000450");  // the one cap
  CHECK(d.at("gpu_temp_c") == "70.0");
  CHECK(d.at("inlet_temp_c") == "");
}

TEST_CASE("fleet apply refuses a cap for a read-only server, and leaves it alone at cap_pct 0", "[servers]") {
  auto inv = F::parse_inventory(nvml + dcgm, "inv.toml");
  F::Setpoint a, b;
  a.interval_start = b.interval_start = hs::UtcTime{std::chrono::seconds{1767225600}};
  a.cls = "hall-a", a.kind = "ai", a.cap_pct = 25;
  b.cls = "hall-b", b.kind = "ai", b.cap_pct = 0;
  R::CapOptions opt;
  opt.dry_run = true;  // no journal; no credentials are read, since no BMC is reached
  opt.credentials = "/nonexistent/credentials.toml";
  const auto res = R::apply_caps(inv, {a, b}, opt, nullptr);
  REQUIRE(res.size() == 2);
  CHECK(res[0].server == "here");
  CHECK(res[0].address == "local");
  CHECK(res[0].outcome == "refused");
  CHECK(res[0].error ==
        "read-only source \"nvml\": fleet never sets a power limit through NVML; cap this server through its BMC "
        "(source \"redfish\") or leave its block without cap_pct");
  CHECK_FALSE(res[0].asked_limit_watts);
  CHECK(res[0].failed());
  CHECK(res[1].outcome == "unchanged");
  CHECK(res[1].error == "read-only source \"dcgm\": no limit set or cleared");
  CHECK_FALSE(res[1].failed());
}
