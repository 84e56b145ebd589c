// hashbench devices: every OpenCL device and the native CPU path, as device records.
#include <memory>

#include "commands.hpp"
#include "compute/record_cells.hpp"
#include "core/cli.hpp"
#include "core/io.hpp"
#include "core/record.hpp"
#include "core/record_output.hpp"

namespace hashbench {

hs::Runner add_devices(CLI::App& sub) {
  auto out = std::make_shared<hs::OutputOptions>();
  hs::add_output_options(sub, *out);
  return [out] {
    auto fmt = out->fmt();
    auto devs = hs::list_compute_devices();
    if (devs.size() == 1) hs::note("no OpenCL platform or device found; only the native CPU path is available");
    for (const auto& d : devs)
      if (d.native) hs::note("native path " + d.native_choice);
    hs::write_records(out->output, fmt, "device", [&](hs::RecordWriter& w) {
      for (const auto& d : devs) w.write(hs::device_cells(d));
    });
    return hs::exit_code::ok;
  };
}

}  // namespace hashbench
