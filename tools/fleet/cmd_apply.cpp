// fleet apply: setpoint records in (allocate now's output), commands out in staggered waves,
// one fleet_result record per class (asked, acknowledged, measured); --dry-run prints the
// plan as fleet_action records and sends nothing.
#include <memory>
#include <optional>

#include "commands.hpp"
#include "core/defaults.hpp"
#include "core/metrics.hpp"
#include "core/parse.hpp"
#include "core/record_output.hpp"
#include "fleet/apply.hpp"
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
  hs::metrics::add_option(app, o->metrics);
  hs::add_output_options(app, o->out);
  return [o] {
    namespace F = hs::fleet;
    hs::metrics::enable(o->metrics, "apply");
    auto inv = F::read_inventory(o->net.inventory_file());
    auto sps = F::read_setpoints(o->setpoints);
    if (sps.empty()) hs::warn("no mining setpoint in the input: nothing to apply");
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
    auto res = F::apply(inv, sps, ao, journal.get());
    if (o->dry_run) {
      hs::write_records(o->out, "fleet_action", [&](hs::RecordWriter& w) {
        for (const auto& a : res.plan) w.write(F::action_cells(inv, a, sps.front().interval_start));
        for (const auto& [i, why] : res.unreachable)
          w.write(F::unreachable_cells(inv, i, why, sps.front().interval_start));
      });
      for (const auto& p : res.problems) hs::warn(p);
      return 0;
    }
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
    return 0;
  };
}

}  // namespace fleet
