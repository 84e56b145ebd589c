// A BMC's Redfish replies over arbitrary bytes must never throw, crash or read out of bounds:
// the bytes are whatever a BMC sent, parsed as JSON and handed to every resource reader, and to
// the walk as the answer to every path it asks for (so links, collections and sensors come from
// the input too); bmc_message reads them as an error body. Seeds: DMTF's two mockups, cut at
// run time from ../shared/data/redfish (shared_seeds.txt), and corpus/fleet_redfish/.
// fuzz-link: hs_fleet
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "fleet/redfish/resources.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace R = hs::fleet::redfish;
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  (void)R::bmc_message(400, bytes);
  const nlohmann::json j = nlohmann::json::parse(bytes, nullptr, false);
  if (j.is_discarded()) return 0;
  R::Reading out;
  R::read_power(j, out);
  R::read_environment(j, out);
  R::read_power_subsystem(j, out);
  R::read_psu_metrics({&j}, out);
  R::read_sensors({&j, &j}, out);
  R::read_thermal(j, out);
  R::read_thermal_metrics(j, out);
  (void)R::read_control(j, "/redfish/v1/Chassis/1U/Controls/PowerLimit", "W/\"1\"", out);
  (void)R::link(j, "Chassis");
  (void)R::members(j);
  (void)R::limit_range(out, std::nullopt, std::nullopt, 1000);
  // The walk, every path answered with the input, until it asks for nothing new (bounded).
  R::Resources res;
  for (int round = 0; round < 8; ++round) {
    const auto want = R::wanted("", res);
    if (want.empty()) break;
    for (const auto& p : want) res[p] = R::Resource{200, j, "", ""};
  }
  (void)R::read("", res);
  std::string why;
  (void)R::chosen_chassis("1U", res, &why);
  return 0;
}
