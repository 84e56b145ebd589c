#include "fleet/inventory.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <set>
#include "core/toml.hpp"

#include "core/error.hpp"
#include "core/io.hpp"
#include "fleet/family.hpp"

namespace hs::fleet {

const char* to_string(Firmware f) { return family(f).name; }

std::optional<Firmware> firmware_from_string(const std::string& name) {
  for (const auto& row : families())
    if (name == row.name) return row.firmware;
  return std::nullopt;
}

const char* to_string(ServerSource s) {
  switch (s) {
    case ServerSource::nvml: return "nvml";
    case ServerSource::dcgm: return "dcgm";
    case ServerSource::redfish: break;
  }
  return "redfish";
}

std::vector<std::string> Inventory::blocks() const {
  std::vector<std::string> out;
  for (const auto& s : servers)
    if (std::find(out.begin(), out.end(), s.block) == out.end()) out.push_back(s.block);
  return out;
}

bool controllable(Firmware f) { return family(f).sleep_wake; }
bool has_profiles(Firmware f) { return family(f).profiles; }

const MachineClass* Inventory::find_class(const std::string& name) const {
  for (const auto& c : classes)
    if (c.name == name) return &c;
  return nullptr;
}

std::optional<std::size_t> Inventory::find_address(const std::string& host, std::uint16_t port) const {
  auto it = by_address.find(host + ":" + std::to_string(port));
  if (it == by_address.end()) return std::nullopt;
  return it->second;
}

bool parse_address(const std::string& text, std::string& host, std::uint16_t& port) {
  auto colon = text.find(':');
  host = text.substr(0, colon);
  port = 4028;
  in_addr a{};
  if (host.empty() || inet_pton(AF_INET, host.c_str(), &a) != 1) return false;
  if (colon != std::string::npos) {
    const char* b = text.data() + colon + 1;
    const char* e = text.data() + text.size();
    unsigned v = 0;
    auto [p, ec] = std::from_chars(b, e, v);
    if (ec != std::errc() || p != e || b == e || v == 0 || v > 65535) return false;
    port = static_cast<std::uint16_t>(v);
  }
  return true;
}

namespace {

[[noreturn]] void bad(const std::string& file, const toml::node& n, const std::string& key, const std::string& msg) {
  throw_data_error(Location{file, n.source().begin.line}, key, msg);
}

void check_keys(const std::string& file, const toml::table& t, const std::string& where,
                std::initializer_list<const char*> known) {
  for (const auto& [k, v] : t) {
    std::string key(k.str());
    if (std::none_of(known.begin(), known.end(), [&](const char* x) { return key == x; }))
      bad(file, v, key, "unknown key '" + key + "' in " + where);
  }
}

std::string req_string(const std::string& file, const toml::table& t, const char* key, const std::string& where) {
  const toml::node* n = t.get(key);
  if (!n) throw_data_error(Location{file, t.source().begin.line}, key, "missing key '" + std::string(key) + "' in " + where);
  auto s = n->value_exact<std::string>();
  if (!s || s->empty()) bad(file, *n, key, "expected a non-empty string in " + where);
  return *s;
}

std::optional<double> opt_number(const std::string& file, const toml::table& t, const char* key, const std::string& where) {
  const toml::node* n = t.get(key);
  if (!n) return std::nullopt;
  std::optional<double> v;
  if (auto i = n->value_exact<std::int64_t>()) v = static_cast<double>(*i);
  else if (auto d = n->value_exact<double>()) v = *d;
  if (!v || !std::isfinite(*v) || *v < 0) bad(file, *n, key, "expected a number >= 0 in " + where);
  return v;
}

template <class F>
void each_table(const std::string& file, const toml::table& root, const char* key, F f) {
  const toml::node* n = root.get(key);
  if (!n) return;
  const toml::array* arr = n->as_array();
  if (!arr) bad(file, *n, key, "expected an array of tables [[" + std::string(key) + "]]");
  for (const auto& e : *arr) {
    const toml::table* t = e.as_table();
    if (!t) bad(file, e, key, "expected a table");
    f(*t);
  }
}

// One of `allowed`, else the first (the default) when absent.
std::string one_of(const std::string& file, const toml::table& t, const char* key, const std::string& where,
                   std::initializer_list<const char*> allowed) {
  if (!t.contains(key)) return *allowed.begin();
  const std::string v = req_string(file, t, key, where);
  std::string names;
  for (const char* a : allowed) {
    if (v == a) return v;
    names += std::string(names.empty() ? "" : ", ") + a;
  }
  bad(file, *t.get(key), key, "expected one of " + names + ", got \"" + v + "\"");
}

// The keys past address that only Redfish reads: a BMC's login, chassis, TLS and cap range.
// Refused for the read-only sources rather than passed over, so a server moved from redfish to
// dcgm never keeps a pinned key or a cap range that nothing would check.
constexpr const char* redfish_only[] = {"chassis", "auth", "scheme", "ca_file", "pinned_key", "limit_min_watts",
                                        "limit_max_watts"};

// A Redfish server's BMC keys: scheme, auth, address, TLS and the cap range.
void parse_redfish(const std::string& file, const toml::table& t, const std::string& where, Server& s) {
  s.https = one_of(file, t, "scheme", where, {"https", "http"}) == "https";
  s.session_auth = one_of(file, t, "auth", where, {"session", "basic"}) == "session";
  const std::string addr = req_string(file, t, "address", where);
  if (!parse_address(addr, s.host, s.port))
    bad(file, *t.get("address"), "address", "expected an IPv4 address with an optional :port, got \"" + addr + "\"");
  if (addr.find(':') == std::string::npos) s.port = s.https ? 443 : 80;
  if (t.contains("chassis")) s.chassis = req_string(file, t, "chassis", where);
  if (t.contains("ca_file")) {
    s.ca_file = req_string(file, t, "ca_file", where);
    // Relative to the inventory, so the file and its CA move together.
    if (std::filesystem::path(s.ca_file).is_relative())
      s.ca_file = (std::filesystem::path(file).parent_path() / s.ca_file).string();
    if (!std::filesystem::is_regular_file(s.ca_file))
      bad(file, *t.get("ca_file"), "ca_file", "no such file: " + s.ca_file);
  }
  if (t.contains("pinned_key")) {
    s.pinned_key = req_string(file, t, "pinned_key", where);
    if (s.pinned_key.rfind("sha256//", 0) != 0)
      bad(file, *t.get("pinned_key"), "pinned_key",
          "expected \"sha256//<base64 of the SHA-256 of the public key>\" (curl's --pinnedpubkey form)");
  }
  if (!s.https && (!s.ca_file.empty() || !s.pinned_key.empty()))
    bad(file, t, "scheme", "ca_file and pinned_key verify https; server '" + s.id + "' uses scheme \"http\"");
  s.limit_min_watts = opt_number(file, t, "limit_min_watts", where);
  s.limit_max_watts = opt_number(file, t, "limit_max_watts", where);
  if (s.limit_min_watts && s.limit_max_watts && *s.limit_min_watts > *s.limit_max_watts)
    bad(file, *t.get("limit_min_watts"), "limit_min_watts",
        "limit_min_watts is above limit_max_watts in server '" + s.id + "'");
}

// nvml: this node, so no address; dcgm: dcgm-exporter over plain http (it serves no TLS).
void parse_gpu_source(const std::string& file, const toml::table& t, const std::string& where, Server& s) {
  const std::string src = to_string(s.source);
  for (const char* key : redfish_only)
    if (const toml::node* n = t.get(key))
      bad(file, *n, key,
          std::string(key) + " is for source \"redfish\" (a BMC); server '" + s.id + "' has source \"" + src +
              "\", read only" + (s.source == ServerSource::dcgm ? " over plain http" : ""));
  s.https = false;
  s.session_auth = false;
  if (s.source == ServerSource::nvml) {
    if (const toml::node* n = t.get("address"))
      bad(file, *n, "address",
          "source \"nvml\" reads the GPUs of the node fleet runs on and takes no address (server '" + s.id +
              "'); use source \"dcgm\" for another node's dcgm-exporter");
    return;
  }
  const std::string addr = req_string(file, t, "address", where);
  if (!parse_address(addr, s.host, s.port))
    bad(file, *t.get("address"), "address",
        "expected dcgm-exporter's IPv4 address with an optional :port, got \"" + addr + "\"");
  if (addr.find(':') == std::string::npos) s.port = 9400;  // dcgm-exporter's default listen port
}

// [[server]] tables: the GPU servers of the AI blocks (fleet/redfish/, fleet/gpu/). Ids share
// the machines' namespace so the journal's rows never mix a server with a miner.
void parse_servers(const std::string& file, const toml::table& root, Inventory& inv, std::set<std::string>& ids) {
  std::set<std::string> addresses;
  for (const auto& m : inv.machines) addresses.insert(m.address());
  std::optional<std::size_t> local;  // index of the nvml server
  each_table(file, root, "server", [&](const toml::table& t) {
    const std::string where = "[[server]]";
    check_keys(file, t, where,
               {"id", "address", "block", "source", "watts", "chassis", "auth", "scheme", "ca_file", "pinned_key",
                "limit_min_watts", "limit_max_watts"});
    Server s;
    s.line = t.source().begin.line;
    s.id = req_string(file, t, "id", where);
    s.block = req_string(file, t, "block", where);
    const std::string src = one_of(file, t, "source", where, {"redfish", "nvml", "dcgm"});
    s.source = src == "nvml" ? ServerSource::nvml : src == "dcgm" ? ServerSource::dcgm : ServerSource::redfish;
    if (s.source == ServerSource::redfish) parse_redfish(file, t, where, s);
    else parse_gpu_source(file, t, where, s);
    auto w = opt_number(file, t, "watts", where);
    if (!w || *w <= 0) throw_data_error(Location{file, s.line}, "watts", "server '" + s.id + "' needs nameplate watts above 0");
    s.watts = *w;
    if (!ids.insert(s.id).second) bad(file, *t.get("id"), "id", "id '" + s.id + "' is used twice");
    if (s.source == ServerSource::nvml) {
      // Two would count this node's GPUs twice.
      if (local)
        bad(file, *t.get("source"), "source",
            "source \"nvml\" reads this node: server '" + inv.servers[*local].id + "' (line " +
                std::to_string(inv.servers[*local].line) + ") already does");
      local = inv.servers.size();
    } else if (!addresses.insert(s.address()).second) {
      bad(file, *t.get("address"), "address", "address " + s.address() + " is used twice");
    }
    inv.servers.push_back(std::move(s));
  });
}

}  // namespace

Inventory parse_inventory(const std::string& text, const std::string& file) {
  toml::table root;
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    throw_data_error(Location{file, e.source().begin.line}, {}, std::string(e.description()));
  }
  check_keys(file, root, "the inventory", {"site", "class", "machine", "server"});
  Inventory inv;
  inv.file = file;
  if (const toml::node* s = root.get("site")) {
    const toml::table* t = s->as_table();
    if (!t) bad(file, *s, "site", "expected a table [site]");
    check_keys(file, *t, "[site]", {"ramp_mw_per_minute"});
    inv.ramp_mw_per_minute = opt_number(file, *t, "ramp_mw_per_minute", "[site]").value_or(0);
  }
  each_table(file, root, "class", [&](const toml::table& t) {
    const std::string where = "[[class]]";
    check_keys(file, t, where, {"name", "pue", "profiles"});
    MachineClass c;
    c.name = req_string(file, t, "name", where);
    if (inv.find_class(c.name)) bad(file, t, "name", "class '" + c.name + "' is declared twice");
    c.pue = opt_number(file, t, "pue", where).value_or(1.0);
    if (c.pue < 1) bad(file, t, "pue", "pue must be at least 1 in class '" + c.name + "'");
    if (const toml::node* p = t.get("profiles")) {
      const toml::table* pt = p->as_table();
      if (!pt) bad(file, *p, "profiles", "expected a table mode = \"profile\" in class '" + c.name + "'");
      for (const auto& [k, v] : *pt) {
        auto s = v.value_exact<std::string>();
        if (!s || s->empty()) bad(file, v, std::string(k.str()), "expected a profile name in class '" + c.name + "'");
        c.profiles[std::string(k.str())] = *s;
      }
    }
    inv.classes.push_back(std::move(c));
  });
  std::set<std::string> ids;
  each_table(file, root, "machine", [&](const toml::table& t) {
    const std::string where = "[[machine]]";
    check_keys(file, t, where, {"id", "address", "class", "model", "firmware", "ths", "watts", "profiles", "web", "grpc"});
    Machine m;
    m.line = t.source().begin.line;
    const std::string fw = req_string(file, t, "firmware", where);
    if (auto f = firmware_from_string(fw)) {
      m.firmware = *f;
    } else {
      std::string names;
      for (const auto& row : families()) names += std::string(names.empty() ? "" : ", ") + row.name;
      bad(file, *t.get("firmware"), "firmware", "expected one of " + names + ", got \"" + fw + "\"");
    }
    const std::string addr = req_string(file, t, "address", where);
    if (!parse_address(addr, m.host, m.port))
      bad(file, *t.get("address"), "address", "expected an IPv4 address with an optional :port, got \"" + addr + "\"");
    if (addr.find(':') == std::string::npos) m.port = family(m.firmware).default_port;
    if (t.contains("web")) {
      if (m.firmware != Firmware::antminer) bad(file, *t.get("web"), "web", "web is the stock Antminer web interface; firmware is " + fw);
      const std::string web = req_string(file, t, "web", where);
      std::string host;
      std::uint16_t port = 0;
      if (!parse_address(web, host, port) || host != m.host)
        bad(file, *t.get("web"), "web", "expected " + m.host + "[:port] (the machine's own address), got \"" + web + "\"");
      m.web_port = web.find(':') == std::string::npos ? 80 : port;
    }
    if (t.contains("grpc")) {
      if (m.firmware != Firmware::braiins) bad(file, *t.get("grpc"), "grpc", "grpc is the Braiins OS+ public API; firmware is " + fw);
      const std::string g = req_string(file, t, "grpc", where);
      std::string host;
      std::uint16_t port = 0;
      if (!parse_address(g, host, port) || host != m.host)
        bad(file, *t.get("grpc"), "grpc", "expected " + m.host + "[:port] (the machine's own address), got \"" + g + "\"");
      m.grpc_port = g.find(':') == std::string::npos ? 50051 : port;
    }
    m.id = t.contains("id") ? req_string(file, t, "id", where) : m.address();
    m.cls = req_string(file, t, "class", where);
    if (!inv.find_class(m.cls))
      bad(file, *t.get("class"), "class", "class '" + m.cls + "' is not declared in a [[class]] table");
    if (t.contains("model")) m.model = req_string(file, t, "model", where);
    auto ths = opt_number(file, t, "ths", where);
    auto w = opt_number(file, t, "watts", where);
    if (!ths || !w || *ths <= 0 || *w <= 0)
      throw_data_error(Location{file, m.line}, "ths", "machine '" + m.id + "' needs nameplate ths and watts above 0");
    m.ths = *ths;
    m.watts = *w;
    if (const toml::node* p = t.get("profiles")) {
      const toml::array* a = p->as_array();
      if (!a) bad(file, *p, "profiles", "expected an array of profile names");
      for (const auto& e : *a) {
        auto s = e.value_exact<std::string>();
        if (!s) bad(file, e, "profiles", "expected a profile name");
        m.profiles.push_back(*s);
      }
    }
    if (!ids.insert(m.id).second) bad(file, t.contains("id") ? *t.get("id") : *t.get("address"), "id", "machine id '" + m.id + "' is used twice");
    if (!inv.by_address.emplace(m.address(), inv.machines.size()).second)
      bad(file, *t.get("address"), "address", "address " + m.address() + " is used twice");
    inv.machines.push_back(std::move(m));
  });
  parse_servers(file, root, inv, ids);
  if (inv.machines.empty() && inv.servers.empty())
    throw_data_error(Location{file, 0}, {}, "the inventory lists no [[machine]] and no [[server]]");
  return inv;
}

Inventory read_inventory(const std::string& path) { return parse_inventory(read_whole_file(path), path); }

}  // namespace hs::fleet
