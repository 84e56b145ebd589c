// The bidding zones' EIC codes (ENTSO-E's area code list, "BZN" entries) and the short names
// ENTSO-E's exports write after "BZN|". Data, not code: a zone is added by adding a line.
#include "market/api/entsoe.hpp"

namespace hs::market::api {

const std::vector<EntsoeZone>& entsoe_zones() {
  static const std::vector<EntsoeZone> zones{
      {"10Y1001A1001A82H", "DE-LU"},
      {"10Y1001A1001A63L", "DE-AT-LU"},  // until 2018-09-30
      {"10YFR-RTE------C", "FR"},
      {"10YES-REE------0", "ES"},
      {"10YPT-REN------W", "PT"},
      {"10YNL----------L", "NL"},
      {"10YBE----------2", "BE"},
      {"10YAT-APG------L", "AT"},
      {"10YCH-SWISSGRIDZ", "CH"},
      {"10YPL-AREA-----S", "PL"},
      {"10YCZ-CEPS-----N", "CZ"},
      {"10YSK-SEPS-----K", "SK"},
      {"10YHU-MAVIR----U", "HU"},
      {"10YSI-ELES-----O", "SI"},
      {"10YHR-HEP------M", "HR"},
      {"10YRO-TEL------P", "RO"},
      {"10YCA-BULGARIA-R", "BG"},
      {"10YGR-HTSO-----Y", "GR"},
      {"10YCS-SERBIATSOV", "RS"},
      {"10YCS-CG-TSO---S", "ME"},
      {"10YMK-MEPSO----8", "MK"},
      {"10YBA-JPCC-----D", "BA"},
      {"10YAL-KESH-----5", "AL"},
      {"10Y1001A1001A59C", "IE(SEM)"},
      {"10YGB----------A", "GB"},
      {"10Y1001A1001A39I", "EE"},
      {"10YLV-1001A00074", "LV"},
      {"10YLT-1001A0008Q", "LT"},
      {"10YFI-1--------U", "FI"},
      {"10YDK-1--------W", "DK1"},
      {"10YDK-2--------M", "DK2"},
      {"10YNO-1--------2", "NO1"},
      {"10YNO-2--------T", "NO2"},
      {"10YNO-3--------J", "NO3"},
      {"10YNO-4--------9", "NO4"},
      {"10Y1001A1001A48H", "NO5"},
      {"10Y1001A1001A44P", "SE1"},
      {"10Y1001A1001A45N", "SE2"},
      {"10Y1001A1001A46L", "SE3"},
      {"10Y1001A1001A47J", "SE4"},
      {"10Y1001A1001A73I", "IT-North"},
      {"10Y1001A1001A70O", "IT-Centre-North"},
      {"10Y1001A1001A71M", "IT-Centre-South"},
      {"10Y1001A1001A788", "IT-South"},
      {"10Y1001C--00096J", "IT-Calabria"},
      {"10Y1001A1001A75E", "IT-Sicily"},
      {"10Y1001A1001A74G", "IT-Sardinia"},
  };
  return zones;
}

std::string_view entsoe_zone_name(std::string_view eic) {
  for (const auto& z : entsoe_zones())
    if (z.eic == eic) return z.name;
  return {};
}

std::string_view entsoe_zone_eic(std::string_view name_or_eic) {
  for (const auto& z : entsoe_zones())
    if (z.name == name_or_eic || z.eic == name_or_eic) return z.eic;
  return {};
}

}  // namespace hs::market::api
