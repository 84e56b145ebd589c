#pragma once
// ISO-NE Web Services (webservices.iso-ne.com/api/v1.1, HTTP basic auth, Accept:
// application/json): the request for a product, day and location, and the replies as rows.
// Replies are XML turned into JSON: a plural wrapper holding the singular, which is an array
// for several items and a bare object for one ({"HourlyLmps":{"HourlyLmp":[...]}}); attributes
// are "@Name" members and element text is "$" ({"@LocId":"4001","$":".Z.MAINE"}); BeginDate
// carries its UTC offset, so the fall-back day's two 01:00 hours are told apart by it.
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "market/api/reply.hpp"

namespace hs::market::api {

enum class IsoneProduct {
  hourly_lmp_da_final,   // /hourlylmp/da/final/day/D[/location/L]
  hourly_lmp_rt_final,   // /hourlylmp/rt/final/day/D[/location/L]
  hourly_lmp_rt_prelim,  // /hourlylmp/rt/prelim/day/D[/location/L]
  five_minute_lmp,       // /fiveminutelmp/day/D[/location/L]
  realtime_hourly_demand,  // /realtimehourlydemand/day/D[/location/L]
};

struct IsoneRequest {
  std::string base = "https://webservices.iso-ne.com/api/v1.1";
  IsoneProduct product = IsoneProduct::hourly_lmp_da_final;
  std::string day;       // the local market day, YYYYMMDD (America/New_York)
  std::string location;  // location id such as 4001 (.Z.MAINE); empty: every location
};
// The URL; a day not YYYYMMDD or a location that is not digits: Error(64).
std::string build_isone_url(const IsoneRequest& r);

// The day endpoints answer one local market day each: the YYYYMMDD days (America/New_York)
// that [from, to) touches, one request apiece.
std::vector<std::string> isone_days(UtcTime from, UtcTime to);

// hourlylmp (HourlyLmps/HourlyLmp): price rows, 60 minutes, iso ISONE, market da or rt as
// given, node = Location "$", node_type = Location "@LocType", price = LmpTotal.
// No recorded hourlylmp reply exists: this parser is tested on bodies built from the
// documented shape (BeginDate, Location{@LocId, @LocType, $}, LmpTotal, EnergyComponent,
// CongestionComponent, LossComponent).
Reply parse_isone_hourly_lmp_reply(std::string_view body, const std::string& what, const std::string& market);

// fiveminutelmp (FiveMinLmps/FiveMinLmp): as above with 5 minutes, market rt. Also tested on
// bodies built from the documented shape only.
Reply parse_isone_five_minute_lmp_reply(std::string_view body, const std::string& what);

// realtimehourlydemand (HourlyRtDemands/HourlyRtDemand): metered hourly load, tested on the
// recorded reply. It goes into load_forecasts as model "actual" with area = Location "$" and
// forecast_mw = Load; published_at is the end of its hour (an actual exists once its hour is
// over), so set beside forecasts of the same hour it is the latest vintage.
Reply parse_isone_hourly_demand_reply(std::string_view body, const std::string& what);

}  // namespace hs::market::api
