#pragma once
// The inventory: every machine fleet may talk to, and nothing else. A TOML file:
//   [site]      ramp_mw_per_minute (0 or absent: no ramp limit)
//   [[class]]   name (as allocate's site file names the mining class), pue, and
//               profiles = { eco = "-2", full = "default" }: setpoint mode -> LuxOS profile
//   [[machine]] id, address ("10.0.0.7" or "10.0.0.7:4029": the firmware's API; port 4028 by
//               default, 80 for bitaxe), class, model, firmware (one of `fleet firmware`: cgminer,
//               bmminer, antminer, luxos, braiins, whatsminer, whatsminer3, avalon, epic, bitaxe),
//               ths, watts
//               (nameplate), profiles (names the machine offers, optional), web (antminer: its web
//               interface, "ip[:port]" on the same host, port 80 by default), grpc (braiins:
//               the Braiins OS+ public API, "ip[:port]" on the same host, port 50051 by default)
//   [[server]]  an AI/GPU server of an AI block: id, block (the AI block's name in allocate's site
//               file), watts (nameplate IT W: what an unread server counts at), source:
//               "redfish" (default): read and power-capped through its BMC (fleet/redfish/):
//                 address ("ip[:port]", port 443 by default, 80 with scheme "http"), chassis
//                 (Redfish chassis id; default the first with power data), auth ("session" or
//                 "basic"), scheme ("https", or "http" for test servers only), ca_file and/or
//                 pinned_key (how the BMC's certificate is verified), limit_min_watts /
//                 limit_max_watts (the cap range when the BMC publishes none)
//               "nvml": the GPUs of the node fleet runs on, through NVML (fleet/gpu/nvml.hpp);
//                 no address (there is one such node: the local one), read only
//               "dcgm": NVIDIA dcgm-exporter's Prometheus text over plain http (fleet/gpu/dcgm.hpp):
//                 address ("ip[:port]", port 9400 by default; path /metrics), read only
//               The Redfish keys past address are refused for nvml and dcgm, naming the key.
// Addresses are IPv4 literals: no name is resolved, so a DNS answer can never point a
// command at a machine outside the inventory.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hs::fleet {

// The firmware families: what each reads and commands is one row of the table in
// fleet/family.hpp (and fleet(1)), kept by its driver in fleet/family/<name>.cpp.
enum class Firmware { cgminer, bmminer, antminer, luxos, braiins, whatsminer, whatsminer3, avalon, epic, bitaxe };
const char* to_string(Firmware f);
std::optional<Firmware> firmware_from_string(const std::string& name);
// Whether fleet can sleep and wake this firmware, and set its profiles (the family table's
// columns).
bool controllable(Firmware f);
bool has_profiles(Firmware f);

struct Machine {
  std::string id;
  std::string host;  // dotted IPv4
  std::uint16_t port = 4028;
  std::uint16_t web_port = 80;     // antminer: its web interface on the same host
  std::uint16_t grpc_port = 50051; // braiins: the Braiins OS+ public API (gRPC) on the same host
  std::string cls;
  std::string model;
  Firmware firmware = Firmware::cgminer;
  double ths = 0, watts = 0;  // nameplate
  std::vector<std::string> profiles;
  std::size_t line = 0;  // in the inventory file
  std::string address() const { return host + ":" + std::to_string(port); }
  double joules_per_th() const { return ths > 0 ? watts / ths : 0; }
};

struct MachineClass {
  std::string name;
  double pue = 1.0;
  std::map<std::string, std::string> profiles;  // setpoint mode -> firmware profile
};

// How a server is read. nvml and dcgm read GPUs only and never set a limit (read_only).
enum class ServerSource { redfish, nvml, dcgm };
const char* to_string(ServerSource s);
inline bool read_only(ServerSource s) { return s != ServerSource::redfish; }

// A GPU server of an AI block: never a Machine (it is capped, not slept), and never addressed
// by name, as machines are not.
struct Server {
  std::string id;
  std::string host;  // dotted IPv4; empty for nvml (this node)
  std::uint16_t port = 443;
  std::string block;
  ServerSource source = ServerSource::redfish;
  double watts = 0;  // nameplate IT W
  std::string chassis;  // "" the first chassis with power data
  bool session_auth = true;  // false: HTTP basic on every request
  bool https = true;
  std::string ca_file, pinned_key;
  std::optional<double> limit_min_watts, limit_max_watts;
  std::size_t line = 0;
  // "local" for nvml: the records' address column names where the figures came from.
  std::string address() const { return host.empty() ? "local" : host + ":" + std::to_string(port); }
  std::string base_url() const { return std::string(https ? "https://" : "http://") + address(); }
};

struct Inventory {
  std::string file;
  double ramp_mw_per_minute = 0;
  std::vector<MachineClass> classes;
  std::vector<Machine> machines;
  std::vector<Server> servers;
  // The AI blocks that have servers, in the order they first appear.
  std::vector<std::string> blocks() const;
  const MachineClass* find_class(const std::string& name) const;
  // Index of the machine at host:port, or nullopt: the only way an address reaches a socket.
  std::optional<std::size_t> find_address(const std::string& host, std::uint16_t port) const;
  std::map<std::string, std::size_t> by_address;
};

// Bad input is Error(65) naming the file, line and key.
Inventory parse_inventory(const std::string& text, const std::string& file);
Inventory read_inventory(const std::string& path);

// "host[:port]" with host a dotted IPv4 address; false when malformed.
bool parse_address(const std::string& text, std::string& host, std::uint16_t& port);

}  // namespace hs::fleet
