// fleet firmware: the firmware families fleet reads and commands, one fleet_firmware record
// each: what gives the hashrate, the power, the temperatures and the state, and what apply can
// send (fleet(1)'s FIRMWARE table is checked against this output).
#include <memory>

#include "commands.hpp"
#include "core/record_output.hpp"
#include "fleet/family.hpp"
#include "fleet/rows.hpp"

namespace fleet {

Runner add_firmware(CLI::App& app) {
  auto out = std::make_shared<hs::OutputOptions>();
  hs::add_output_options(app, *out);
  return [out] {
    namespace F = hs::fleet;
    hs::write_records(*out, "fleet_firmware", [&](hs::RecordWriter& w) {
      for (const auto& f : F::families()) w.write(F::firmware_cells(f));
    });
    return 0;
  };
}

}  // namespace fleet
