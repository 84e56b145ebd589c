// fleet status: one fleet_machine record per machine, or with --summary one fleet_class
// record per class (measured TH/s and W per unit, J/TH) in the terms of allocate's site file;
// --servers and --ai read the GPU servers instead (fleet_server, ai_draw records): their BMCs
// over Redfish, this node's GPUs through NVML, or dcgm-exporters' /metrics.
#include <chrono>
#include <cmath>
#include <map>
#include <memory>

#include "commands.hpp"
#include "core/metrics.hpp"
#include "core/record_output.hpp"
#include "fleet/redfish/rows.hpp"
#include "fleet/rows.hpp"
#include "fleet/servers.hpp"
#include "fleet/telemetry.hpp"
#include "options.hpp"

namespace fleet {

namespace {
struct StatusOptions {
  NetOptions net;
  bool summary = false;
  bool profile = false;
  bool servers = false;
  bool ai = false;
  std::string credentials;
  std::vector<std::string> classes;
  std::string metrics;
  hs::OutputOptions out;
};
}  // namespace

// --servers and --ai: the GPU servers, every source read at once.
int status_servers(const hs::fleet::Inventory& inv, const StatusOptions& o) {
  namespace F = hs::fleet;
  namespace R = hs::fleet::redfish;
  if (inv.servers.empty()) hs::throw_usage(std::string(o.ai ? "--ai" : "--servers") + ": " + inv.file + " lists no [[server]]");
  std::vector<std::size_t> idx;
  for (std::size_t i = 0; i < inv.servers.size(); ++i) idx.push_back(i);
  R::HttpOptions http;
  http.connect_timeout_ms = o.net.connect_timeout_ms;
  http.timeout_ms = o.net.read_timeout_ms;
  http.max_inflight = o.net.max_inflight;
  const auto measured_at = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  const auto reads = F::read_servers(inv, idx, o.credentials, http);
  std::size_t unread = 0;
  for (std::size_t k = 0; k < idx.size(); ++k)
    if (!reads[k].usable()) {
      ++unread;
      hs::warn(inv.servers[idx[k]].id + " (" + inv.servers[idx[k]].address() + "): " + reads[k].state + ": " + reads[k].error);
    }
  const auto draws = R::block_draws(inv, idx, reads);
  if (hs::metrics::enabled()) {
    namespace m = hs::metrics;
    for (const auto& b : draws) {
      const m::Labels l{{"block", b.block}};
      m::gauge("fleet_ai_it_mw", "IT MW the AI block's reachable GPU servers draw, measured.", b.it_watts / 1e6, l);
      m::gauge("fleet_ai_uncapped_it_mw", "IT MW the AI block would draw uncapped.", b.uncapped_watts / 1e6, l);
      m::gauge("fleet_ai_servers_capped", "GPU servers of the block under a power limit.", static_cast<double>(b.capped), l);
      m::gauge("fleet_ai_servers_unread", "GPU servers of the block that could not be read.",
               static_cast<double>(b.servers - b.reachable), l);
    }
  }
  if (o.ai) {
    hs::write_records(o.out, "ai_draw", [&](hs::RecordWriter& w) {
      for (const auto& b : draws) w.write(b.cells(measured_at));
    });
  } else {
    hs::write_records(o.out, "fleet_server", [&](hs::RecordWriter& w) {
      for (std::size_t k = 0; k < idx.size(); ++k) w.write(R::server_cells(inv.servers[idx[k]], reads[k]));
    });
  }
  if (unread > 0) hs::warn(std::to_string(unread) + " of " + std::to_string(idx.size()) + " server(s) could not be read");
  if (unread == idx.size()) throw hs::Error(hs::exit_code::unavailable, "no server could be read");
  return 0;
}

Runner add_status(CLI::App& app) {
  auto o = std::make_shared<StatusOptions>();
  add_net_options(app, o->net);
  app.add_flag("--summary", o->summary, "One fleet_class record per class instead of one record per machine");
  app.add_flag("--profile", o->profile, "One profile record per class (hashbench's record: measured TH/s and W per unit)")
      ->excludes("--summary");
  app.add_option("--class", o->classes, "Only machines of this class (repeatable)")->type_name("CLASS");
  auto* servers = app.add_flag("--servers", o->servers,
                               "One fleet_server record per GPU server of the inventory, read through its BMC (Redfish), "
                               "NVML or dcgm-exporter")
                      ->excludes("--summary")
                      ->excludes("--profile");
  app.add_flag("--ai", o->ai, "One ai_draw record per AI block with servers (what allocate now --ai-draw reads)")
      ->excludes(servers)
      ->excludes("--summary")
      ->excludes("--profile");
  app.add_option("--credentials", o->credentials,
                 "TOML credentials file with the BMCs' [redfish] username and password (--servers, --ai; read only "
                 "when a server has source redfish); owner-only; "
                 "default ~/.config/hybridsite/credentials.toml")
      ->type_name("FILE");
  hs::metrics::add_option(app, o->metrics);
  hs::add_output_options(app, o->out);
  return [o] {
    namespace F = hs::fleet;
    hs::metrics::enable(o->metrics, "status");
    auto inv = F::read_inventory(o->net.inventory_file());
    if (o->servers || o->ai) return status_servers(inv, *o);
    std::vector<std::size_t> idx;
    for (std::size_t i = 0; i < inv.machines.size(); ++i)
      if (o->classes.empty() ||
          std::find(o->classes.begin(), o->classes.end(), inv.machines[i].cls) != o->classes.end())
        idx.push_back(i);
    for (const auto& c : o->classes)
      if (!inv.find_class(c)) hs::throw_usage("--class: " + inv.file + " declares no class '" + c + "'");
    auto tele = F::read_telemetry(inv, idx, o->net.client());
    std::size_t unreachable = 0;
    for (const auto& t : tele) unreachable += !t.reachable;
    if (hs::metrics::enabled()) {
      namespace m = hs::metrics;
      std::map<std::pair<std::string, std::string>, int> states;  // (class, state) -> machines
      for (std::size_t k = 0; k < idx.size(); ++k) {
        const auto& cls = inv.machines[idx[k]].cls;
        for (const char* st : {"hashing", "sleeping", "unreachable", "error"}) states[{cls, st}] += 0;
        ++states[{cls, tele[k].state}];
      }
      for (const auto& [key, n] : states)
        m::gauge("fleet_machines", "Machines per class and state (hashing, sleeping, unreachable, error).", n,
                 {{"class", key.first}, {"state", key.second}});
      for (const auto& c : F::class_totals(inv, idx, tele)) {
        const m::Labels l{{"class", c.cls}};
        m::gauge("fleet_hashrate_ths", "TH/s the class's machines report.", c.ths, l);
        m::gauge("fleet_power_watts", "Watts the class's machines draw (reported, or estimated from the nameplate).",
                 c.watts, l);
        m::gauge("fleet_joules_per_th", "J/TH of the class's hashing machines; NaN: none hashing.",
                 c.hashing_ths > 0 ? c.hashing_watts / c.hashing_ths : std::nan(""), l);
      }
    }
    if (!o->summary && !o->profile) {
      hs::write_records(o->out, "fleet_machine", [&](hs::RecordWriter& w) {
        for (std::size_t k = 0; k < idx.size(); ++k) w.write(F::machine_cells(inv.machines[idx[k]], tele[k]));
      });
    } else {
      const auto totals = F::class_totals(inv, idx, tele);
      hs::write_records(o->out, o->profile ? "profile" : "fleet_class", [&](hs::RecordWriter& w) {
        for (const auto& c : totals) {
          if (!o->profile) w.write(c.cells());
          else if (auto row = c.profile_row()) w.write(row->cells());
        }
      });
    }
    if (unreachable > 0) hs::warn(std::to_string(unreachable) + " of " + std::to_string(idx.size()) + " machine(s) did not answer");
    if (!idx.empty() && unreachable == idx.size())
      throw hs::Error(hs::exit_code::unavailable, "no machine answered");
    return 0;
  };
}

}  // namespace fleet
