#include "records/catalog.hpp"

namespace hs::records {

std::vector<RecordSpec> fleet_records() {
  using T = FieldType;
  return {
      {"fleet_machine",
       "One machine's telemetry, as fleet status writes it.",
       {
           {"machine", T::string, true, "Machine id from the inventory."},
           {"address", T::string, true, "host:port the API was read at."},
           {"class", T::string, true, "Mining class (the name allocate's site file uses)."},
           {"firmware", T::string, true, "cgminer, bmminer, luxos or braiins."},
           {"state", T::string, true, "hashing, sleeping, unreachable or error."},
           {"ths", T::number, false, "Hashrate over the last seconds, TH/s."},
           {"watts", T::number, false, "Power draw, W."},
           {"watts_source", T::string, false, "firmware (the miner reported it) or estimate (nameplate W scaled by hashrate)."},
           {"temp_c", T::number, false, "Hottest device temperature the miner reported, degrees C."},
           {"hw_errors", T::integer, false, "Hardware errors since the miner started."},
           {"joules_per_th", T::number, false, "watts / ths, when hashing."},
           {"error", T::string, false, "Why the machine could not be read."},
       }},
      {"fleet_class",
       "Measured totals of one mining class, as fleet status --summary writes it; ths_per_unit and watts_per_unit fit allocate's site file.",
       {
           {"class", T::string, true, "Mining class."},
           {"machines", T::integer, true, "Machines of the class in the inventory."},
           {"reachable", T::integer, true, "Machines that answered."},
           {"hashing", T::integer, true, "Machines hashing."},
           {"ths", T::number, true, "Hashrate of the class, TH/s."},
           {"it_mw", T::number, true, "Power drawn by the machines of the class, MW (no facility overheads)."},
           {"ths_per_unit", T::number, false, "Mean hashrate of a hashing machine, TH/s."},
           {"watts_per_unit", T::number, false, "Mean power of a hashing machine, W."},
           {"joules_per_th", T::number, false, "Measured efficiency of the hashing machines, J/TH."},
           {"estimated", T::integer, true, "Machines whose watts are estimates (firmware reports no power)."},
       }},
      {"fleet_action",
       "One command the plan sends to one machine, as fleet apply --dry-run writes it.",
       {
           {"interval_start", T::time, true, "Interval of the setpoint the action serves."},
           {"class", T::string, true, "Mining class."},
           {"machine", T::string, true, "Machine id from the inventory."},
           {"address", T::string, true, "host:port of the machine's API."},
           {"action", T::string, true, "sleep, wakeup or profile."},
           {"profile", T::string, false, "Profile set (action profile)."},
           {"wave", T::integer, true, "Ramp wave, from 0; wave k is sent k wave intervals after the start."},
           {"at_seconds", T::number, true, "When the wave is sent, seconds after the start."},
           {"delta_watts", T::number, true, "Expected change of the machine's power, W (negative: less)."},
           {"joules_per_th", T::number, false, "Efficiency the order was chosen by (nameplate or measured), J/TH."},
       }},
      {"fleet_result",
       "What one class was asked, what the machines acknowledged and what was measured after, as fleet apply writes it.",
       {
           {"interval_start", T::time, true, "Interval of the setpoint."},
           {"class", T::string, true, "Mining class."},
           {"asked_mw", T::number, true, "Facility power the setpoint asked for, MW."},
           {"asked_units_on", T::integer, false, "Units the setpoint asked to run."},
           {"planned_units_on", T::integer, true, "Units the plan runs (controllable machines that answered)."},
           {"commands", T::integer, true, "Commands the plan sent (acknowledged ones of an earlier, interrupted run excluded)."},
           {"acknowledged", T::integer, true, "Commands the machines acknowledged."},
           {"failed", T::integer, true, "Commands not acknowledged after the retries."},
           {"not_following", T::integer, true, "Machines that acknowledged but whose measured state did not change."},
           {"unreachable", T::integer, true, "Machines of the class whose telemetry could not be read (no answer, or a broken one)."},
           {"measured_units_on", T::integer, true, "Machines hashing after the apply."},
           {"measured_mw", T::number, true, "Facility power measured after the apply, MW (machine watts times the class PUE)."},
           {"miss_mw", T::number, true, "measured_mw minus asked_mw."},
           {"within_tolerance", T::boolean, true, "true when |miss_mw| is within the tolerance."},
       }},
  };
}

}  // namespace hs::records
