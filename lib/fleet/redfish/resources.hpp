#pragma once
// Reading a BMC's Redfish resources (DMTF DSP0268) into what fleet needs of a GPU server: its
// power draw, the power limit in force and the range a limit may take, its PSU input, and its
// hottest GPU and inlet temperatures. Pure functions over fetched JSON, so the unit tests read
// DMTF's own mockups in place.
//
// The walk: service root -> Chassis collection -> the chassis (the inventory's, else the first
// with power data) -> whichever of these it links, read in this order of preference for the draw:
//   Power              (deprecated, still what most BMCs serve) PowerControl[0].PowerConsumedWatts,
//                      PowerLimit.LimitInWatts, PowerCapacityWatts, PowerSupplies[].LastPowerInputWatts
//   EnvironmentMetrics PowerWatts.Reading, TemperatureCelsius.Reading
//   PowerSubsystem     CapacityWatts; PowerSupplies/*/Metrics InputPowerWatts.Reading
//   Sensors            ReadingType Power (PhysicalContext Chassis: the draw; PowerSupply: PSU input)
//                      and Temperature (PhysicalContext GPU, Intake); an absent sensor is skipped
//   Thermal, ThermalSubsystem/ThermalMetrics  GPU and intake temperatures
//   Controls           a Control with ControlType Power: SetPoint, AllowableMin/Max (the
//                      new-style limit, preferred over PowerLimit when present)
// A link that answers 404 (as the mockups' missing resources do) is left out, never an error.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hs::fleet::redfish {

struct Resource {
  long status = 0;  // HTTP status; 0 not answered
  nlohmann::json body;
  std::string etag;   // ETag header, else @odata.etag
  std::string error;  // transport error or why the body is not JSON
  bool ok() const { return status >= 200 && status < 300 && body.is_object(); }
};
using Resources = std::map<std::string, Resource>;  // by path (/redfish/v1/...)

inline const std::string service_root = "/redfish/v1/";

struct Reading {
  std::string chassis;       // path of the chassis read
  std::string power_state;   // the chassis's PowerState ("On", "Off", "" unknown)
  std::optional<double> watts;
  std::string watts_source;  // PowerControl, EnvironmentMetrics, PowerSubsystem, Sensors
  std::optional<double> psu_input_watts;
  std::optional<double> capacity_watts;  // PowerControl PowerCapacityWatts, else PowerSubsystem CapacityWatts
  std::optional<double> limit_watts;     // in force; none: uncapped
  std::optional<double> allowable_min, allowable_max;  // a power Control's range
  std::optional<double> chassis_temp_c;  // EnvironmentMetrics TemperatureCelsius
  std::optional<double> gpu_temp_c, inlet_temp_c;  // hottest
  // Where a limit is set: a power Control (SetPoint) if the chassis has one, else Power.
  std::string limit_path;
  bool limit_is_control = false;
  std::string limit_etag;
};

// The @odata.id of j[key] when it is a path on this BMC ("" otherwise: an absolute URL to
// another host, a PDU's outlet say, is never followed).
std::string link(const nlohmann::json& j, const char* key);
// The member paths of a collection.
std::vector<std::string> members(const nlohmann::json& collection);

// The paths still to fetch, given what has been (empty: the walk is done). chassis_id: the
// inventory's chassis, "" for the first with power data.
std::vector<std::string> wanted(const std::string& chassis_id, const Resources& r);
// The chassis the walk settles on, or why none ("" path and the reason in why).
std::string chosen_chassis(const std::string& chassis_id, const Resources& r, std::string* why = nullptr);

// Each resource's reader adds what it holds; read() applies them in the order of preference.
void read_power(const nlohmann::json& power, Reading& out);
void read_environment(const nlohmann::json& env, Reading& out);
void read_power_subsystem(const nlohmann::json& ps, Reading& out);
void read_psu_metrics(const std::vector<const nlohmann::json*>& metrics, Reading& out);
void read_sensors(const std::vector<const nlohmann::json*>& sensors, Reading& out);
void read_thermal(const nlohmann::json& thermal, Reading& out);
void read_thermal_metrics(const nlohmann::json& tm, Reading& out);
// A Control with ControlType Power; false when it is another kind.
bool read_control(const nlohmann::json& control, const std::string& path, const std::string& etag, Reading& out);
Reading read(const std::string& chassis_id, const Resources& r);

// The range a limit may take: the Control's AllowableMin/Max, else the inventory's
// limit_min/max_watts, else [0, capacity], else [0, nameplate].
struct Range {
  double min = 0, max = 0;
  std::string from;  // "control", "inventory", "capacity", "nameplate"
};
Range limit_range(const Reading& r, std::optional<double> inv_min, std::optional<double> inv_max, double nameplate);

// The PATCH body that sets (watts) or clears (nullopt) a limit.
std::string power_limit_body(std::optional<double> watts);    // Power: PowerControl[0].PowerLimit.LimitInWatts
std::string control_body(std::optional<double> watts);        // Control: SetPoint, ControlMode

// The BMC's words for a failed request: @Message.ExtendedInfo's Messages, else error.message,
// else the HTTP status alone.
std::string bmc_message(long status, const std::string& body);

}  // namespace hs::fleet::redfish
