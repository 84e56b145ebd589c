#pragma once
// fleet apply's GPU power caps: an AI block's setpoint carries cap_pct, the share of the
// block's uncapped draw to shed. Each server of the block gets
//   limit_w = round(base_w * (1 - cap_pct / 100)),
// base_w its measured draw when no limit is in force, else its nameplate watts (a capped
// server's draw says nothing of what it would draw uncapped); cap_pct 0 or empty clears a limit.
// A limit outside the allowed range (resources.hpp limit_range) is refused before sending; a
// sent one is read back, and the server's draw must fall to within 5 % of it within the settle
// time. Nothing is retried within a run, and a rerun of the same setpoints (the same journal
// key) sends nothing again to a server with an outcome under that key: the next interval's
// setpoints may try again. A server that could not be reached had nothing sent, so a rerun
// tries it again. Servers of source nvml and dcgm are read only: a cap_pct above 0 is refused for
// each (journaled, so not asked again under the key), cap_pct 0 leaves it unchanged.
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "fleet/apply.hpp"
#include "fleet/inventory.hpp"
#include "fleet/journal.hpp"
#include "fleet/redfish/https.hpp"

namespace hs::fleet::redfish {

struct CapOptions {
  HttpOptions http;
  double settle_seconds = 30;
  double follow_tolerance = 0.05;  // measured may exceed the limit by this fraction
  bool dry_run = false;
  std::string credentials;  // "" the default file
};

struct CapResult {
  UtcTime interval_start{};
  std::string block, server, address;
  double cap_pct = 0;
  std::optional<double> asked_limit_watts, readback_limit_watts, measured_watts;
  // set, cleared, unchanged, refused, out-of-range, not-following, unreachable, error, or
  // skipped (an earlier run of these setpoints had an outcome for it; error says which)
  std::string outcome;
  std::string error;
  bool failed() const;
};

// The journal key of the caps: the interval and each block's cap_pct.
std::string cap_run_key(const std::vector<Setpoint>& ai);

// The limit a server is asked for (nullopt: clear). measured: its draw; limited: a limit in force.
std::optional<double> asked_limit(double cap_pct, std::optional<double> measured, bool limited, double nameplate);

// One result per server of the setpoints' blocks (in inventory order); blocks without servers
// are left alone. journal may be null only for dry runs.
std::vector<CapResult> apply_caps(const Inventory& inv, const std::vector<Setpoint>& ai, const CapOptions& opt,
                                  Journal* journal);

}  // namespace hs::fleet::redfish
