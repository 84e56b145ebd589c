#pragma once
// The records fleet writes, each built here from its typed source (the field order is the
// record's, lib/records/fleet.cpp), and the per-class totals of `fleet status --summary`.
// The drivers only write them; tests/unit/fleet/rows_test.cpp checks them by field name.
#include <optional>
#include <string>
#include <vector>

#include "core/record.hpp"
#include "fleet/apply.hpp"
#include "fleet/client.hpp"
#include "fleet/family.hpp"
#include "fleet/telemetry.hpp"
#include "records/profile_record.hpp"

namespace hs::fleet {

// fleet_machine: one machine's telemetry (J/TH only while hashing with known watts).
std::vector<Cell> machine_cells(const Machine& m, const Telemetry& t);

// fleet_firmware: one row of the firmware table.
std::vector<Cell> firmware_cells(const FamilyInfo& f);

// What the machines of one class measured, as fleet status --summary and --profile write it.
struct ClassTotals {
  std::string cls;
  long machines = 0, reachable = 0, hashing = 0;
  long estimated = 0;               // hashing machines whose watts are estimates
  double ths = 0, watts = 0;        // every reachable machine
  double hashing_ths = 0, hashing_watts = 0;
  // fleet_class: per-unit figures are means over the hashing machines.
  std::vector<Cell> cells() const;
  // hashbench's profile record for the mean hashing unit (measured, so verified false; watts
  // only when every hashing unit's firmware reported them). None when no unit hashes.
  std::optional<profile::Row> profile_row() const;
};

// Totals per class of the inventory (in its order) that has a machine among `machines`;
// tele[k] is the telemetry of inv.machines[machines[k]].
std::vector<ClassTotals> class_totals(const Inventory& inv, const std::vector<std::size_t>& machines,
                                      const std::vector<Telemetry>& tele);

// fleet_action: one planned command (fleet apply --dry-run), for the setpoints' interval.
std::vector<Cell> action_cells(const Inventory& inv, const Action& a, UtcTime interval_start);

// fleet_result: what one class was asked, what was done and what was measured.
std::vector<Cell> result_cells(const ClassResult& c);
// A dry run's row for a machine that could not be read (action "unreachable", with why).
std::vector<Cell> unreachable_cells(const Inventory& inv, std::size_t machine, const std::string& why,
                                    UtcTime interval_start);

// fleet_reply: one machine's reply to a read-only command (fleet query).
std::vector<Cell> reply_cells(const Machine& m, const std::string& command, const Exchange& x);

}  // namespace hs::fleet
