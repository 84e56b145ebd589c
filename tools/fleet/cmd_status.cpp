// fleet status: one fleet_machine record per machine, or with --summary one fleet_class
// record per class (measured TH/s and W per unit, J/TH) in the terms of allocate's site file.
#include <cmath>
#include <map>
#include <memory>

#include "commands.hpp"
#include "core/metrics.hpp"
#include "core/record_output.hpp"
#include "fleet/rows.hpp"
#include "fleet/telemetry.hpp"
#include "options.hpp"

namespace fleet {

namespace {
struct StatusOptions {
  NetOptions net;
  bool summary = false;
  bool profile = false;
  std::vector<std::string> classes;
  std::string metrics;
  hs::OutputOptions out;
};
}  // namespace

Runner add_status(CLI::App& app) {
  auto o = std::make_shared<StatusOptions>();
  add_net_options(app, o->net);
  app.add_flag("--summary", o->summary, "One fleet_class record per class instead of one record per machine");
  app.add_flag("--profile", o->profile, "One profile record per class (hashbench's record: measured TH/s and W per unit)")
      ->excludes("--summary");
  app.add_option("--class", o->classes, "Only machines of this class (repeatable)")->type_name("CLASS");
  hs::metrics::add_option(app, o->metrics);
  hs::add_output_options(app, o->out);
  return [o] {
    namespace F = hs::fleet;
    hs::metrics::enable(o->metrics, "status");
    auto inv = F::read_inventory(o->net.inventory_file());
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
