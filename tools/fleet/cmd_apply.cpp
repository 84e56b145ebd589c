// fleet apply: setpoint records in (allocate now's output), commands out in staggered waves,
// one fleet_result record per class (asked, acknowledged, measured); --dry-run prints the
// plan as fleet_action records and sends nothing. AI blocks with GPU servers in the inventory
// get their setpoint's cap_pct as power limits, one fleet_cap record per server (--caps FILE,
// or the output when no mining class has a setpoint).
#include <memory>
#include <optional>

#include "commands.hpp"
#include "core/defaults.hpp"
#include "core/metrics.hpp"
#include "core/parse.hpp"
#include "core/record_output.hpp"
#include "fleet/apply.hpp"
#include "fleet/redfish/caps.hpp"
#include "fleet/redfish/rows.hpp"
#include "fleet/rows.hpp"
#include "options.hpp"

namespace fleet {

namespace {
struct ApplyCmdOptions {
  NetOptions net;
  std::string setpoints = "-";
  std::string journal;
  std::string credentials;
  int busy_timeout_ms = 5000;
  std::optional<double> ramp;
  double wave_seconds = 60;
  double settle = 30;
  int follow_retries = 1;
  double tolerance = 0.05;
  double tolerance_mw = 0;
  bool dry_run = false;
  std::string metrics;
  std::string caps;
  hs::OutputOptions out;
};
}  // namespace

Runner add_apply(CLI::App& app) {
  auto o = std::make_shared<ApplyCmdOptions>();
  app.add_option("setpoints", o->setpoints, "Setpoint records (- is stdin)")->type_name("FILE");
  add_net_options(app, o->net);
  app.add_option("--journal", o->journal,
                 "Journal (SQLite) of every command and answer; one run at a time; default $HYBRIDSITE_JOURNAL or "
                 "journal in the config file")
      ->type_name("FILE");
  app.add_option("--credentials", o->credentials,
                 "TOML credentials file for the families that need secrets (antminer, whatsminer, whatsminer3, epic, braiins); owner-only; "
                 "default ~/.config/hybridsite/credentials.toml")
      ->type_name("FILE");
  app.add_option("--busy-timeout", o->busy_timeout_ms, "Wait up to MS milliseconds for the journal's database lock")
      ->check(CLI::Range(0, 3600000))
      ->type_name("MS");
  app.add_option("--ramp", o->ramp, "Site ramp limit, MW per minute (default: the inventory's; 0: none)")
      ->check(CLI::NonNegativeNumber)
      ->type_name("MW");
  app.add_option("--wave-seconds", o->wave_seconds, "Seconds between waves of commands")
      ->check(CLI::Range(0.0, 3600.0))
      ->type_name("S");
  app.add_option("--settle", o->settle, "Seconds to wait after the last wave before measuring")
      ->check(CLI::Range(0.0, 3600.0))
      ->type_name("S");
  app.add_option("--follow-retries", o->follow_retries, "Re-sends to machines that acknowledged but did not follow")
      ->check(CLI::Range(0, 10))
      ->type_name("N");
  app.add_option("--tolerance", o->tolerance, "Measured power may miss the setpoint by this fraction")
      ->check(CLI::Range(0.0, 1.0))
      ->type_name("F");
  app.add_option("--tolerance-mw", o->tolerance_mw, "... or by this many MW, whichever is larger")
      ->check(CLI::NonNegativeNumber)
      ->type_name("MW");
  app.add_flag("--dry-run", o->dry_run, "Read telemetry and print the plan (fleet_action records); send nothing");
  app.add_option("--caps", o->caps,
                 "Write the GPU servers' power caps (fleet_cap records) here; default the output when no mining class "
                 "has a setpoint")
      ->type_name("FILE");
  hs::metrics::add_option(app, o->metrics);
  hs::add_output_options(app, o->out);
  return [o] {
    namespace F = hs::fleet;
    hs::metrics::enable(o->metrics, "apply");
    auto inv = F::read_inventory(o->net.inventory_file());
    const auto all = F::read_all_setpoints(o->setpoints);
    const auto& sps = all.mining;
    bool ai_servers = false;  // an AI setpoint whose block has servers: caps to apply
    for (const auto& a : all.ai)
      for (const auto& s : inv.servers) ai_servers = ai_servers || s.block == a.cls;
    if (sps.empty() && !ai_servers) hs::warn("no mining setpoint, and no AI setpoint for a block with servers, in the input: nothing to apply");
    const std::string journal_file = hs::file_option(o->journal, "journal");
    if (journal_file.empty() && !o->dry_run)
      hs::throw_usage("apply needs --journal FILE (what was sent, so an interrupted run resumes), or --dry-run");
    std::unique_ptr<F::Journal> journal;
    if (!journal_file.empty()) journal = std::make_unique<F::Journal>(journal_file, o->busy_timeout_ms);
    F::ApplyOptions ao;
    ao.client = o->net.client();
    ao.ramp.ramp_mw_per_minute = o->ramp.value_or(-1);  // < 0: the inventory's
    ao.ramp.wave_seconds = o->wave_seconds;
    ao.settle_seconds = o->settle;
    ao.follow_retries = o->follow_retries;
    ao.tolerance = o->tolerance;
    ao.tolerance_mw = o->tolerance_mw;
    ao.dry_run = o->dry_run;
    ao.credentials = o->credentials;
    hs::install_interrupt_handler();
    // Only caps to apply: no miner is read, and no empty miners' run is journaled.
    auto res = sps.empty() && ai_servers ? F::ApplyResult{} : F::apply(inv, sps, ao, journal.get());
    std::vector<F::redfish::CapResult> caps;
    if (ai_servers && !hs::interrupted()) {
      F::redfish::CapOptions co;
      co.http.connect_timeout_ms = o->net.connect_timeout_ms;
      co.http.timeout_ms = o->net.read_timeout_ms;
      co.http.max_inflight = o->net.max_inflight;
      co.settle_seconds = o->settle;
      co.dry_run = o->dry_run;
      co.credentials = o->credentials;
      caps = F::redfish::apply_caps(inv, all.ai, co, journal.get());
    }
    // The caps' records: --caps, else the output when the miners have none to write.
    const bool caps_to_output = o->caps.empty() && sps.empty() && ai_servers;
    if (!o->caps.empty())
      hs::write_records(o->caps, o->out.fmt(), "fleet_cap", [&](hs::RecordWriter& w) {
        for (const auto& c : caps) w.write(F::redfish::cap_cells(c));
      });
    else if (caps_to_output)
      hs::write_records(o->out, "fleet_cap", [&](hs::RecordWriter& w) {
        for (const auto& c : caps) w.write(F::redfish::cap_cells(c));
      });
    bool caps_failed = false;
    for (const auto& c : caps)
      if (c.failed()) {
        caps_failed = true;
        if (!o->dry_run) res.problems.push_back(c.server + " (" + c.address + "): power cap " + c.outcome + ": " + c.error);
      }
    if (o->dry_run) {
      if (caps_to_output) {
        for (const auto& p : res.problems) hs::warn(p);
        return 0;
      }
      hs::write_records(o->out, "fleet_action", [&](hs::RecordWriter& w) {
        for (const auto& a : res.plan) w.write(F::action_cells(inv, a, sps.front().interval_start));
        for (const auto& [i, why] : res.unreachable)
          w.write(F::unreachable_cells(inv, i, why, sps.front().interval_start));
      });
      for (const auto& p : res.problems) hs::warn(p);
      return 0;
    }
    if (!caps_to_output)
      hs::write_records(o->out, "fleet_result", [&](hs::RecordWriter& w) {
        for (const auto& c : res.classes) w.write(F::result_cells(c));
      });
    for (const auto& c : res.classes) {
      namespace m = hs::metrics;
      const m::Labels l{{"class", c.cls}};
      m::gauge("fleet_asked_mw", "Facility MW the setpoint asked of the class.", c.asked_mw, l);
      m::gauge("fleet_measured_mw", "Facility MW measured after the apply (silent machines at their last seen draw).",
               c.measured_mw, l);
      m::gauge("fleet_within_tolerance", "1 when the measured MW met the setpoint within the tolerance.",
               c.within_tolerance ? 1 : 0, l);
      m::gauge("fleet_commands", "Commands the apply planned for the class.", static_cast<double>(c.commands), l);
      m::gauge("fleet_commands_failed", "Commands not acknowledged.", static_cast<double>(c.failed), l);
      m::gauge("fleet_unreachable_machines", "Machines of the class that did not answer.", static_cast<double>(c.unreachable), l);
      m::gauge("fleet_unreachable_mw", "Facility MW counted for machines that did not answer.", c.unreachable_mw, l);
    }
    if (res.skipped_acknowledged > 0)
      hs::note("resumed: " + std::to_string(res.skipped_acknowledged) +
               " machine(s) had acknowledged these setpoints in an earlier run and were not sent them again");
    for (const auto& p : res.problems) hs::warn(p);
    if (hs::interrupted()) return hs::exit_code::interrupted;
    if (res.missed()) {
      for (const auto& c : res.classes)
        if (!c.within_tolerance)
          hs::warn("class '" + c.cls + "': measured " + hs::format_fixed(c.measured_mw, 3) + " MW, asked " +
                   hs::format_fixed(c.asked_mw, 3) + " MW");
      return hs::exit_code::failure;
    }
    if (caps_failed) return hs::exit_code::failure;  // as a class that missed: the block's caps are not all in force
    return 0;
  };
}

}  // namespace fleet
