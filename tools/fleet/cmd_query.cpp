// fleet query: one read-only API command to every machine of the inventory (or of --class),
// one fleet_reply record per machine with the status and the whole reply. Only commands that
// change nothing are accepted: the ones that do are apply's alone.
#include <algorithm>
#include <memory>

#include "commands.hpp"
#include "core/record_output.hpp"
#include "fleet/family.hpp"
#include "fleet/reply.hpp"
#include "fleet/rows.hpp"
#include "options.hpp"

namespace fleet {

namespace {
// Read-only commands of the cgminer API (API-README), LuxOS (docs.luxor.tech/firmware/api:
// profiles, atm, temps, power, fans, limits, session, config) and Braiins OS (tunerstatus).
const std::vector<std::string> read_only = {"summary", "stats",  "devs",   "pools",  "version",     "config",
                                            "coin",    "temps",  "fans",   "power",  "profiles",    "atm",
                                            "limits",  "session", "devdetails", "tempctrl", "tunerstatus"};

struct QueryOptions {
  NetOptions net;
  std::string command;
  std::vector<std::string> classes;
  hs::OutputOptions out;
};
}  // namespace

Runner add_query(CLI::App& app) {
  auto o = std::make_shared<QueryOptions>();
  app.add_option("command", o->command, "Read-only API command")->required()->check(CLI::IsMember(read_only))->type_name("COMMAND");
  add_net_options(app, o->net);
  app.add_option("--class", o->classes, "Only machines of this class (repeatable)")->type_name("CLASS");
  hs::add_output_options(app, o->out);
  return [o] {
    namespace F = hs::fleet;
    auto inv = F::read_inventory(o->net.inventory_file());
    for (const auto& c : o->classes)
      if (!inv.find_class(c)) hs::throw_usage("--class: " + inv.file + " declares no class '" + c + "'");
    std::vector<F::Exchange> xs, web;
    for (std::size_t i = 0; i < inv.machines.size(); ++i) {
      if (!o->classes.empty() && std::find(o->classes.begin(), o->classes.end(), inv.machines[i].cls) == o->classes.end())
        continue;
      const auto& fam = F::family(inv.machines[i].firmware);
      if (std::string(fam.protocol).rfind("CGMiner", 0) != 0) {
        // No CGMiner API to ask: its row says so, and nothing is sent.
        auto x = F::make_exchange(i, {});
        x.outcome = F::Outcome::failed;
        x.error = std::string(fam.name) + " speaks " + fam.protocol + ", not the CGMiner API";
        web.push_back(std::move(x));
      } else {
        xs.push_back(F::make_exchange(i, F::cgminer_request(o->command)));
      }
    }
    F::run_with_retries(inv, xs, o->net.client());
    for (auto& x : web) xs.push_back(std::move(x));
    std::sort(xs.begin(), xs.end(), [](const F::Exchange& a, const F::Exchange& b) { return a.machine < b.machine; });
    std::size_t answered = 0;
    for (const auto& x : xs) answered += x.outcome == F::Outcome::answered;
    hs::write_records(o->out, "fleet_reply", [&](hs::RecordWriter& w) {
      for (const auto& x : xs) w.write(F::reply_cells(inv.machines[x.machine], o->command, x));
    });
    if (!xs.empty() && answered == 0) throw hs::Error(hs::exit_code::unavailable, "no machine answered");
    return 0;
  };
}

}  // namespace fleet
