// hashbench sha256d: sustained hashrate on one device, verified against the CPU reference.
#include <memory>
#include <optional>

#include "commands.hpp"
#include "compute/power.hpp"
#include "compute/rate.hpp"
#include "compute/sha256d_result.hpp"
#include "core/cli.hpp"
#include "core/io.hpp"
#include "core/parse.hpp"
#include "core/record.hpp"
#include "core/record_output.hpp"

namespace hashbench {

namespace {
struct Sha256dOptions {
  hs::OutputOptions out;
  double seconds = 10;
  double warmup = 1;
  std::optional<double> watts;
  std::string header;
  std::string device;
  TuningOptions tuning;
};

int run_sha256d(const Sha256dOptions& o) {
  auto fmt = o.out.fmt();
  if (!(o.seconds > 0)) hs::throw_usage("--seconds: must be positive");
  if (o.warmup < 0) hs::throw_usage("--warmup: must not be negative");
  if (o.watts && !(*o.watts > 0)) hs::throw_usage("--watts: must be positive");
  std::string hex = o.header.empty() ? kGenesisHeaderHex : o.header;
  if (hex.rfind("@", 0) == 0) hex = hs::read_whole_file(hex.substr(1));
  auto header = hs::parse_header_hex(hex);
  auto dev = hs::select_compute_device(o.device);
  auto tuning = resolve_tuning(dev, o.tuning);
  auto engine = hs::make_engine(dev, tuning, o.tuning.threads);
  if (dev.native) hs::note("native path " + static_cast<hs::NativeSha256d&>(*engine).choice());
  hs::install_interrupt_handler();

  // Refuse to report a rate from a kernel that disagrees with the CPU reference.
  if (auto why = hs::verify_engine_sample(*engine, header); !why.empty())
    throw hs::Error(hs::exit_code::software, engine->variant() + " on " + engine->device_name() +
                                                 " disagrees with the CPU reference (" + why + "); no rate reported");
  std::unique_ptr<hs::PowerMeter> meter;
  meter = power_meter_for(dev, o.watts);
  auto r = hs::measure_rate(*engine, header, o.warmup, o.seconds, meter.get());

  hs::Sha256dResult row;
  row.device = engine->device_name();
  row.kernel = engine->variant();
  if (dev.native)
    row.threads = static_cast<hs::NativeSha256d&>(*engine).threads();
  else
    row.tuning = tuning;
  row.rate = r;
  row.watts = o.watts ? o.watts : r.watts;
  row.watts_from_user = o.watts.has_value();
  row.watts_source = o.watts ? "user" : (r.watts ? meter->source() : "");
  row.verified = true;  // verify_engine_sample agreed above
  hs::write_records(o.out.output, fmt, "sha256d_result", [&](hs::RecordWriter& w) {
    w.write(row.cells());
  });
  return run_ending(r.partial, "partial result after " + hs::format_fixed(r.seconds, 2) + " s");
}
}  // namespace

hs::Runner add_sha256d(CLI::App& sub) {
  auto o = std::make_shared<Sha256dOptions>();
  sub.add_option("--seconds", o->seconds, "Timed seconds after the warm-up (default 10)")->type_name("S");
  sub.add_option("--warmup", o->warmup, "Warm-up seconds, not counted (default 1)")->type_name("S");
  sub.add_option("--watts", o->watts, "Power draw of the device in watts, when known (else read from NVML or RAPL)")
      ->type_name("W");
  sub.add_option("--header", o->header, "Block header to hash, 160 hex digits or @FILE (default: the genesis block)")
      ->type_name("HEX");
  add_device_option(sub, o->device);
  add_tuning_options(sub, o->tuning);
  hs::add_output_options(sub, o->out);
  return [o] { return run_sha256d(*o); };
}

}  // namespace hashbench
