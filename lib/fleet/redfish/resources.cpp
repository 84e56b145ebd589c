#include "fleet/redfish/resources.hpp"

#include <algorithm>
#include <cmath>

namespace hs::fleet::redfish {

using nlohmann::json;

namespace {

std::optional<double> number(const json& j, const char* key) {
  if (!j.is_object()) return std::nullopt;
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  const double v = it->get<double>();
  return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

std::string text(const json& j, const char* key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A reading { "Reading": n } nested under key (EnvironmentMetrics, PSU metrics).
std::optional<double> reading_of(const json& j, const char* key) {
  if (!j.is_object()) return std::nullopt;
  auto it = j.find(key);
  return it == j.end() ? std::nullopt : number(*it, "Reading");
}

// A resource that says it is absent (an empty bay) has no reading to take.
bool absent(const json& j) {
  auto s = j.find("Status");
  return s != j.end() && s->is_object() && text(*s, "State") == "Absent";
}

void hottest(std::optional<double>& into, std::optional<double> v) {
  if (v && (!into || *v > *into)) into = v;
}

void add(std::optional<double>& into, std::optional<double> v) {
  if (v) into = into.value_or(0) + *v;
}

const json* ok_body(const Resources& r, const std::string& path) {
  auto it = r.find(path);
  return it != r.end() && it->second.ok() ? &it->second.body : nullptr;
}

bool has_power_data(const json& chassis) {
  for (const char* k : {"Power", "EnvironmentMetrics", "PowerSubsystem", "Sensors", "Controls"})
    if (!link(chassis, k).empty()) return true;
  return false;
}

// At most this many members of one collection are read: a BMC's sensor list is tens long.
constexpr std::size_t max_members = 256;

}  // namespace

std::string link(const json& j, const char* key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  if (it == j.end() || !it->is_object()) return {};
  std::string p = text(*it, "@odata.id");
  if (p.rfind("/redfish/v1", 0) != 0) return {};
  return p.substr(0, p.find('#'));
}

std::vector<std::string> members(const json& collection) {
  std::vector<std::string> out;
  auto it = collection.is_object() ? collection.find("Members") : collection.end();
  if (it == collection.end() || !it->is_array()) return out;
  for (const auto& m : *it) {
    std::string p = text(m, "@odata.id");
    if (p.rfind("/redfish/v1", 0) == 0 && out.size() < max_members) out.push_back(p.substr(0, p.find('#')));
  }
  return out;
}

std::string chosen_chassis(const std::string& chassis_id, const Resources& r, std::string* why) {
  auto say = [&](const std::string& w) {
    if (why) *why = w;
    return std::string();
  };
  const json* root = ok_body(r, service_root);
  if (!root) return say("no service root");
  const std::string coll = link(*root, "Chassis");
  if (coll.empty()) return say("the service root links no Chassis collection");
  const json* c = ok_body(r, coll);
  if (!c) return say("cannot read " + coll);
  const auto ms = members(*c);
  if (!chassis_id.empty()) {
    for (const auto& m : ms)
      if (m.size() > chassis_id.size() && m.compare(m.size() - chassis_id.size(), chassis_id.size(), chassis_id) == 0 &&
          m[m.size() - chassis_id.size() - 1] == '/')
        return m;
    std::string names;
    for (const auto& m : ms) names += (names.empty() ? "" : ", ") + m.substr(m.rfind('/') + 1);
    return say("no chassis '" + chassis_id + "' (the BMC lists " + (names.empty() ? "none" : names) + ")");
  }
  bool pending = false;
  for (const auto& m : ms) {
    if (!r.count(m)) {
      pending = true;
      continue;
    }
    if (const json* b = ok_body(r, m); b && has_power_data(*b) && !pending) return m;
  }
  return say(pending ? "chassis not read yet" : "no chassis with power data");
}

std::vector<std::string> wanted(const std::string& chassis_id, const Resources& r) {
  std::vector<std::string> out;
  auto need = [&](const std::string& p) {
    if (!p.empty() && !r.count(p) && std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
  };
  need(service_root);
  const json* root = ok_body(r, service_root);
  if (!root) return out;
  const std::string coll = link(*root, "Chassis");
  need(coll);
  const json* c = coll.empty() ? nullptr : ok_body(r, coll);
  if (!c) return out;
  std::string chassis = chosen_chassis(chassis_id, r);
  if (chassis.empty()) {
    if (chassis_id.empty())
      for (const auto& m : members(*c)) need(m);
    else
      return out;
  }
  if (chassis.empty()) chassis = chosen_chassis(chassis_id, r);
  need(chassis);
  const json* ch = chassis.empty() ? nullptr : ok_body(r, chassis);
  if (!ch) return out;
  for (const char* k : {"Power", "EnvironmentMetrics", "PowerSubsystem", "Sensors", "Thermal", "ThermalSubsystem", "Controls"})
    need(link(*ch, k));
  if (const json* ps = ok_body(r, link(*ch, "PowerSubsystem"))) {
    const std::string supplies = link(*ps, "PowerSupplies");
    need(supplies);
    if (const json* sc = ok_body(r, supplies))
      for (const auto& m : members(*sc)) {
        need(m);
        if (const json* psu = ok_body(r, m); psu && !absent(*psu)) need(link(*psu, "Metrics"));
      }
  }
  for (const char* k : {"Sensors", "Controls"})
    if (const json* sc = ok_body(r, link(*ch, k)))
      for (const auto& m : members(*sc)) need(m);
  if (const json* ts = ok_body(r, link(*ch, "ThermalSubsystem"))) need(link(*ts, "ThermalMetrics"));
  return out;
}

void read_power(const json& power, Reading& out) {
  auto pc = power.find("PowerControl");
  if (pc != power.end() && pc->is_array() && !pc->empty()) {
    const json& c = (*pc)[0];
    if (auto w = number(c, "PowerConsumedWatts"); w && !out.watts) {
      out.watts = w;
      out.watts_source = "PowerControl";
    }
    if (!out.capacity_watts) out.capacity_watts = number(c, "PowerCapacityWatts");
    if (!out.limit_is_control) {
      auto pl = c.find("PowerLimit");
      if (pl != c.end() && pl->is_object()) out.limit_watts = number(*pl, "LimitInWatts");
    }
  }
  auto psus = power.find("PowerSupplies");
  if (psus != power.end() && psus->is_array() && !out.psu_input_watts) {
    std::optional<double> in;
    for (const auto& p : *psus)
      if (!absent(p)) add(in, number(p, "LastPowerInputWatts"));
    out.psu_input_watts = in;
  }
}

void read_environment(const json& env, Reading& out) {
  if (auto w = reading_of(env, "PowerWatts"); w && !out.watts) {
    out.watts = w;
    out.watts_source = "EnvironmentMetrics";
  }
  out.chassis_temp_c = reading_of(env, "TemperatureCelsius");
}

void read_power_subsystem(const json& ps, Reading& out) {
  if (!out.capacity_watts) out.capacity_watts = number(ps, "CapacityWatts");
}

void read_psu_metrics(const std::vector<const json*>& metrics, Reading& out) {
  std::optional<double> in;
  for (const json* m : metrics) add(in, reading_of(*m, "InputPowerWatts"));
  if (in && !out.psu_input_watts) out.psu_input_watts = in;
  if (in && !out.watts) {
    out.watts = in;
    out.watts_source = "PowerSubsystem";
  }
}

void read_sensors(const std::vector<const json*>& sensors, Reading& out) {
  std::optional<double> chassis_w, psu_in;
  for (const json* s : sensors) {
    if (absent(*s)) continue;
    const auto v = number(*s, "Reading");
    if (!v) continue;
    const std::string type = text(*s, "ReadingType"), ctx = text(*s, "PhysicalContext");
    if (type == "Power") {
      if (ctx == "Chassis" && !chassis_w) chassis_w = v;
      else if (ctx == "PowerSupply" && text(*s, "PhysicalSubContext") != "Output") add(psu_in, v);
    } else if (type == "Temperature") {
      if (ctx == "GPU") hottest(out.gpu_temp_c, v);
      else if (ctx == "Intake") hottest(out.inlet_temp_c, v);
    }
  }
  if (psu_in && !out.psu_input_watts) out.psu_input_watts = psu_in;
  // Without a chassis total, the PSUs' input is what the server draws from the wall.
  const auto w = chassis_w ? chassis_w : psu_in;
  if (w && !out.watts) {
    out.watts = w;
    out.watts_source = "Sensors";
  }
}

void read_thermal(const json& thermal, Reading& out) {
  auto ts = thermal.find("Temperatures");
  if (ts == thermal.end() || !ts->is_array()) return;
  for (const auto& t : *ts) {
    if (absent(t)) continue;
    const std::string ctx = text(t, "PhysicalContext");
    if (ctx == "GPU") hottest(out.gpu_temp_c, number(t, "ReadingCelsius"));
    else if (ctx == "Intake") hottest(out.inlet_temp_c, number(t, "ReadingCelsius"));
  }
}

void read_thermal_metrics(const json& tm, Reading& out) {
  auto s = tm.find("TemperatureSummaryCelsius");
  if (s != tm.end() && s->is_object()) hottest(out.inlet_temp_c, reading_of(*s, "Intake"));
}

bool read_control(const json& control, const std::string& path, const std::string& etag, Reading& out) {
  if (text(control, "ControlType") != "Power" || out.limit_is_control) return false;
  out.limit_is_control = true;
  out.limit_path = path;
  out.limit_etag = etag;
  out.allowable_min = number(control, "AllowableMin");
  out.allowable_max = number(control, "AllowableMax");
  // A Disabled control limits nothing, whatever its SetPoint says.
  out.limit_watts = text(control, "ControlMode") == "Disabled" ? std::nullopt : number(control, "SetPoint");
  return true;
}

Reading read(const std::string& chassis_id, const Resources& r) {
  Reading out;
  out.chassis = chosen_chassis(chassis_id, r);
  const json* ch = ok_body(r, out.chassis);
  if (!ch) return out;
  out.power_state = text(*ch, "PowerState");
  // Controls first: a power Control is where the limit lives when the BMC has one.
  if (const json* cs = ok_body(r, link(*ch, "Controls")))
    for (const auto& m : members(*cs))
      if (const json* c = ok_body(r, m)) read_control(*c, m, r.at(m).etag, out);
  const std::string power = link(*ch, "Power");
  if (const json* p = ok_body(r, power)) {
    read_power(*p, out);
    if (!out.limit_is_control) {
      out.limit_path = power;
      out.limit_etag = r.at(power).etag;
    }
  }
  if (const json* e = ok_body(r, link(*ch, "EnvironmentMetrics"))) read_environment(*e, out);
  if (const json* ps = ok_body(r, link(*ch, "PowerSubsystem"))) {
    read_power_subsystem(*ps, out);
    std::vector<const json*> metrics;
    if (const json* sc = ok_body(r, link(*ps, "PowerSupplies")))
      for (const auto& m : members(*sc))
        if (const json* psu = ok_body(r, m); psu && !absent(*psu))
          if (const json* pm = ok_body(r, link(*psu, "Metrics"))) metrics.push_back(pm);
    read_psu_metrics(metrics, out);
  }
  if (const json* sc = ok_body(r, link(*ch, "Sensors"))) {
    std::vector<const json*> sensors;
    for (const auto& m : members(*sc))
      if (const json* s = ok_body(r, m)) sensors.push_back(s);
    read_sensors(sensors, out);
  }
  if (const json* t = ok_body(r, link(*ch, "Thermal"))) read_thermal(*t, out);
  if (const json* ts = ok_body(r, link(*ch, "ThermalSubsystem")))
    if (const json* tm = ok_body(r, link(*ts, "ThermalMetrics"))) read_thermal_metrics(*tm, out);
  return out;
}

Range limit_range(const Reading& r, std::optional<double> inv_min, std::optional<double> inv_max, double nameplate) {
  if (r.allowable_min || r.allowable_max)
    return {r.allowable_min.value_or(0), r.allowable_max.value_or(r.capacity_watts.value_or(nameplate)), "control"};
  if (inv_min || inv_max) return {inv_min.value_or(0), inv_max.value_or(r.capacity_watts.value_or(nameplate)), "inventory"};
  if (r.capacity_watts) return {0, *r.capacity_watts, "capacity"};
  return {0, nameplate, "nameplate"};
}

std::string power_limit_body(std::optional<double> watts) {
  json limit = json::object();
  limit["LimitInWatts"] = watts ? json(std::llround(*watts)) : json(nullptr);
  return json{{"PowerControl", json::array({json{{"PowerLimit", limit}}})}}.dump();
}

std::string control_body(std::optional<double> watts) {
  if (!watts) return json{{"ControlMode", "Disabled"}}.dump();
  return json{{"ControlMode", "Automatic"}, {"SetPoint", std::llround(*watts)}}.dump();
}

std::string bmc_message(long status, const std::string& body) {
  std::string words;
  const json j = json::parse(body, nullptr, false);
  auto collect = [&](const json& holder) {
    auto it = holder.find("@Message.ExtendedInfo");
    if (it == holder.end() || !it->is_array()) return;
    for (const auto& m : *it) {
      std::string s = text(m, "Message");
      if (s.empty()) s = text(m, "MessageId");
      if (!s.empty()) words += (words.empty() ? "" : "; ") + s;
    }
  };
  if (j.is_object()) {
    if (auto e = j.find("error"); e != j.end() && e->is_object()) {
      collect(*e);
      if (words.empty()) words = text(*e, "message");
    }
    if (words.empty()) collect(j);
  }
  const std::string head = "HTTP " + std::to_string(status);
  return words.empty() ? head : head + ": " + words;
}

}  // namespace hs::fleet::redfish
