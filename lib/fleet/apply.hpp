#pragma once
// fleet apply: setpoints -> telemetry read -> plan -> commands in waves -> telemetry read
// back -> per-class report. The library does the work; the tool only parses options.
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "fleet/client.hpp"
#include "fleet/inventory.hpp"
#include "fleet/journal.hpp"
#include "fleet/plan.hpp"
#include "fleet/telemetry.hpp"

namespace hs::fleet {

struct Setpoint {
  UtcTime interval_start{};
  std::string cls, kind, mode;
  double power_mw = 0;
  std::optional<long> units_on;
  std::optional<double> cap_pct;  // AI blocks: share of the uncapped draw to shed under GPU power limits
};
// Reads setpoint records (allocate now's output): mining classes in `mining`, AI blocks in
// `ai` (storage is left out). Setpoints of more than one interval are Error(65): apply acts on
// one interval.
struct Setpoints {
  std::vector<Setpoint> mining, ai;
};
Setpoints read_all_setpoints(const std::string& path);
// The mining setpoints alone.
std::vector<Setpoint> read_setpoints(const std::string& path);

struct ApplyOptions {
  ClientOptions client;
  RampOptions ramp;            // ramp_mw_per_minute < 0: take the inventory's
  double settle_seconds = 30;  // wait after the last wave before reading telemetry back
  int follow_retries = 1;      // re-sends to machines that acknowledged but did not follow
  double tolerance = 0.05;     // fraction of the asked MW
  double tolerance_mw = 0;     // and at least this many MW
  bool dry_run = false;
  // The credentials file for families that need secrets (antminer, whatsminer, whatsminer3, epic, braiins); "" the
  // default path (core/credentials.hpp).
  std::string credentials;
};

struct ClassResult {
  UtcTime interval_start{};
  std::string cls;
  double asked_mw = 0;
  std::optional<long> asked_units_on;
  long planned_units_on = 0;
  long commands = 0, acknowledged = 0, failed = 0, not_following = 0, unreachable = 0;
  long measured_units_on = 0;
  double measured_mw = 0;  // machines read, plus unreachable_mw
  // Unreachable machines count at their last seen draw (the journal's last_seen) until seen
  // off; never seen: at their nameplate watts. Facility MW.
  double unreachable_mw = 0;
  std::vector<std::string> unreachable_ids, failed_ids;
  bool within_tolerance = true;
};

struct ApplyResult {
  std::vector<Action> plan;
  std::vector<ClassResult> classes;
  std::vector<std::string> problems;  // one line per machine that failed or did not follow
  // Machines of the setpoints' classes that could not be read before the plan, with why (a
  // dry run names them as fleet_action rows).
  std::vector<std::pair<std::size_t, std::string>> unreachable;
  long skipped_acknowledged = 0;      // actions an earlier run of the same setpoints had done
  bool missed() const;
};

// The key a run is journaled under: the interval and what each class was asked.
std::string run_key(const std::vector<Setpoint>& sps);

// journal may be null (dry runs without one). Classes in the setpoints that the inventory
// lacks are Error(65); inventory classes without a setpoint are left alone.
ApplyResult apply(const Inventory& inv, const std::vector<Setpoint>& sps, const ApplyOptions& opt, Journal* journal);

}  // namespace hs::fleet
