// hashbench profile: each device's sha256d and fp32 SGEMM rates in site terms (one profile
// record per device and workload), measured with fixed sizes and checked against the CPU
// reference; or, with --spec, hand-written profile records (spec sheets) validated and
// normalized to the same units.
//
// Fixed work (documented in hashbench(1)): sha256d on the genesis block header with the
// device's tuned kernel; SGEMM with M = N = K = 1024, alpha 1, beta 0 and the device's tuned
// parameters; each timed for --seconds (default 3) after a 0.5 s warm-up.
#include <memory>
#include <optional>

#include "commands.hpp"
#include "compute/power.hpp"
#include "compute/profile_record.hpp"
#include "compute/rate.hpp"
#include "compute/sgemm_run.hpp"
#include "compute/sgemm_tune_cache.hpp"
#include "compute/tune_cache.hpp"
#include "core/cli.hpp"
#include "core/io.hpp"
#include "core/parse.hpp"
#include "core/record.hpp"

namespace hashbench {

namespace {
constexpr std::int64_t kProfileSgemmSize = 1024;
constexpr double kProfileWarmup = 0.5;

struct ProfileOptions {
  hs::OutputOptions out;
  std::string device;  // "" = every device
  std::vector<std::string> workloads;
  double seconds = 3;
  std::optional<double> watts;
  std::string spec;
  std::string cache_file;
};

// Watts for a row: the user's, else the meter's average over the timed part.
void set_watts(hs::profile::Row& row, const std::optional<double>& user, const std::optional<double>& measured,
               const hs::PowerMeter* meter) {
  if (user) {
    row.watts = user;
    row.watts_source = "user";
  } else if (measured && meter) {
    row.watts = measured;
    row.watts_source = meter->source();
  }
}

std::optional<hs::profile::Row> profile_sha256d(const hs::ComputeDevice& dev, const ProfileOptions& o) {
  TuningOptions t;
  t.cache_file = o.cache_file;
  auto engine = hs::make_engine(dev, resolve_tuning(dev, t), 0);
  const auto header = hs::parse_header_hex(kGenesisHeaderHex);
  if (auto why = hs::verify_engine_sample(*engine, header); !why.empty()) {
    hs::warn("sha256d on " + dev.info.name + " disagrees with the CPU reference (" + why + "); no rate reported");
    return std::nullopt;
  }
  std::unique_ptr<hs::PowerMeter> meter;
  if (!o.watts) meter = hs::open_power_meter(dev.info.type, dev.info.vendor);
  const auto r = hs::measure_rate(*engine, header, kProfileWarmup, o.seconds, meter.get());
  hs::profile::Row row;
  row.device = dev.info.name;
  row.workload = "sha256d";
  row.rate = r.hashes_per_second();
  row.rate_unit = "H/s";
  row.verified = true;
  set_watts(row, o.watts, r.watts, meter.get());
  return row;
}

std::optional<hs::profile::Row> profile_sgemm(const hs::ComputeDevice& dev, const ProfileOptions& o) {
  hs::sgemm::RunOptions opt;
  opt.problem = hs::sgemm::Problem{kProfileSgemmSize, kProfileSgemmSize, kProfileSgemmSize, 1.0f, 0.0f};
  opt.seconds = o.seconds;
  opt.warmup_seconds = kProfileWarmup;
  std::unique_ptr<hs::PowerMeter> meter;
  if (!o.watts) meter = hs::open_power_meter(dev.info.type, dev.info.vendor);
  opt.meter = meter.get();
  hs::sgemm::Result r;
  if (dev.native) {
    r = hs::sgemm::run_native(opt);
  } else {
    auto params = hs::sgemm::default_params(dev.info.type);
    if (auto e = hs::sgemm::read_tune_cache(hs::tune_cache_path(o.cache_file), dev.cl->cache_key())) params = e->params;
    r = hs::sgemm::run_opencl(*dev.cl, params, opt);
  }
  if (!r.check.passed) {
    hs::warn(hs::sgemm::disagreement_message(r));
    return std::nullopt;
  }
  hs::profile::Row row;
  row.device = dev.info.name;
  row.workload = "sgemm_fp32";
  row.rate = r.gflops;
  row.rate_unit = "GFLOP/s";
  row.verified = true;
  set_watts(row, o.watts, r.watts, meter.get());
  return row;
}

int run_spec(const ProfileOptions& o, hs::Format fmt) {
  hs::RecordReader in(o.spec, hs::record_spec("profile"));
  std::vector<hs::profile::Row> rows;
  hs::Record rec;
  while (in.next(rec)) rows.push_back(hs::profile::normalize_spec(rec));
  hs::AtomicOutput file(o.out.output);
  hs::RecordWriter w(file, hs::record_spec("profile"), fmt);
  for (const auto& row : rows) w.write(row.cells());
  w.finish();
  file.commit();
  return hs::exit_code::ok;
}

int run_profile(const ProfileOptions& o) {
  const auto fmt = o.out.fmt();
  if (!o.spec.empty()) {
    if (!o.device.empty() || !o.workloads.empty() || o.watts)
      hs::throw_usage("--spec reads hand-written records; it takes no --device, --workload or --watts");
    return run_spec(o, fmt);
  }
  if (!(o.seconds > 0)) hs::throw_usage("--seconds: must be positive");
  if (o.watts && !(*o.watts > 0)) hs::throw_usage("--watts: must be positive");
  std::vector<std::string> workloads = o.workloads;
  if (workloads.empty()) workloads = {"sha256d", "sgemm_fp32"};
  for (const auto& wl : workloads) hs::profile::rate_unit_for(wl);  // unknown: Error(64)
  std::vector<hs::ComputeDevice> devices;
  if (o.device.empty())
    devices = hs::list_compute_devices();
  else
    devices.push_back(hs::select_compute_device(o.device));
  if (o.watts && devices.size() > 1) hs::throw_usage("--watts needs --device: it is one device's power draw");
  hs::install_interrupt_handler();

  hs::AtomicOutput file(o.out.output);
  hs::RecordWriter w(file, hs::record_spec("profile"), fmt);
  int refused = 0;
  for (const auto& dev : devices) {
    for (const auto& wl : workloads) {
      if (hs::interrupted()) break;
      hs::progress("profile: " + wl + " on " + dev.info.name);
      const auto row = wl == "sha256d" ? profile_sha256d(dev, o) : profile_sgemm(dev, o);
      if (row)
        w.write(row->cells());
      else
        ++refused;
    }
  }
  hs::progress_done();
  w.finish();
  file.commit();
  if (hs::interrupted()) {
    hs::warn("interrupted: profile incomplete");
    return hs::exit_code::interrupted;
  }
  if (refused > 0) {
    hs::warn(std::to_string(refused) + " measurement(s) disagreed with the CPU reference and were left out");
    return hs::exit_code::software;
  }
  return hs::exit_code::ok;
}
}  // namespace

void register_profile(CLI::App& app, Action& action) {
  auto o = std::make_shared<ProfileOptions>();
  auto* sub = app.add_subcommand(
      "profile", "Write one profile record per device and workload (sha256d, sgemm_fp32), or normalize spec sheets");
  sub->add_option("-d,--device", o->device,
                  "Device index (see hashbench devices), name substring, or 'native' (default: every device)")
      ->type_name("DEV");
  sub->add_option("--workload", o->workloads, "sha256d or sgemm_fp32; repeatable (default: both)")->type_name("NAME");
  sub->add_option("--seconds", o->seconds, "Timed seconds per device and workload (default 3)")->type_name("S");
  sub->add_option("--watts", o->watts, "Power draw of the one --device in watts (else read from NVML or RAPL)")
      ->type_name("W");
  sub->add_option("--spec", o->spec, "Validate and normalize hand-written profile records (CSV or JSON Lines; - = stdin)")
      ->type_name("FILE");
  sub->add_option("--cache-file", o->cache_file,
                  "Tuning cache to read (default: $XDG_CACHE_HOME/hybridsite/hashbench-tune.csv or "
                  "~/.cache/hybridsite/hashbench-tune.csv)")
      ->type_name("FILE");
  hs::add_output_options(*sub, o->out);
  sub->callback([&action, o] { action = [o] { return run_profile(*o); }; });
}

}  // namespace hashbench
