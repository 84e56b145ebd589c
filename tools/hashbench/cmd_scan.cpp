// hashbench scan: every nonce in a range whose sha256d hash meets the target.
#include <memory>
#include <optional>

#include "commands.hpp"
#include "compute/record_cells.hpp"
#include "compute/sha256.hpp"
#include "core/cli.hpp"
#include "core/io.hpp"
#include "core/parse.hpp"
#include "core/record.hpp"
#include "core/record_output.hpp"

namespace hashbench {

namespace {
struct ScanOptions {
  hs::OutputOptions out;
  std::string header;
  std::string start = "0";
  std::string count;
  std::string target;
  std::optional<double> share_difficulty;
  std::string device;
  TuningOptions tuning;
};

std::uint64_t parse_nonce_number(const std::string& text, const char* option) {
  auto v = hs::try_parse_int64(text);
  if (!v || *v < 0) hs::throw_usage(std::string(option) + ": expected a whole number, got \"" + text + "\"");
  return static_cast<std::uint64_t>(*v);
}

int run_scan(const ScanOptions& o) {
  auto fmt = o.out.fmt();
  std::string hex = o.header;
  if (hex.rfind("@", 0) == 0) hex = hs::read_whole_file(hex.substr(1));
  auto header = hs::parse_header_hex(hex);
  const std::uint64_t limit = 1ull << 32;
  std::uint64_t start = parse_nonce_number(o.start, "--start");
  if (start >= limit) hs::throw_usage("--start: a nonce is below 2^32 (4294967296), got " + o.start);
  std::uint64_t count = o.count.empty() ? limit - start : parse_nonce_number(o.count, "--count");
  if (count == 0) hs::throw_usage("--count: must be at least 1");
  if (start + count > limit)
    hs::throw_usage("--start/--count: the range " + std::to_string(start) + " + " + std::to_string(count) +
                    " passes the last nonce 4294967295 (2^32 - 1)");
  if (!o.target.empty() && o.share_difficulty) hs::throw_usage("--target and --share-difficulty exclude each other");
  hs::U256 target = hs::bits_to_target(header.bits());
  if (!o.target.empty()) target = hs::parse_target_hex(o.target, "--target");
  if (o.share_difficulty) target = hs::difficulty_to_target(*o.share_difficulty);

  auto dev = hs::select_compute_device(o.device);
  auto engine = hs::make_engine(dev, resolve_tuning(dev, o.tuning), o.tuning.threads);
  engine->set_header(header, hs::target_hi(target));
  hs::install_interrupt_handler();
  // A long scan says what it started (after the SIGINT handler is in place, so that from this
  // line on an interrupt always ends with the partial-result summary below).
  if (count >= (1ull << 26))
    hs::note("scanning " + std::to_string(count) + " nonces from " + std::to_string(start) + " on " +
             engine->device_name() + " (" + engine->variant() + "); SIGINT stops with a partial result");

  std::uint64_t done = 0, found = 0;
  hs::write_records(o.out.output, fmt, "nonce_hit", [&](hs::RecordWriter& w) {
    const std::uint64_t batch = engine->preferred_batch() * 4;
    while (done < count && !hs::interrupted()) {
      std::uint64_t n = std::min(batch, count - done);
      auto cand = engine->scan(static_cast<std::uint32_t>(start + done), n);
      for (const auto& h : hs::verify_candidates(header, std::move(cand), target)) {
        w.write(hs::nonce_hit_cells(h, engine->device_name()));
        ++found;
      }
      done += n;
      hs::progress("scanned " + std::to_string(done) + " of " + std::to_string(count) + " nonces, " +
                   std::to_string(found) + " found");
    }
    hs::progress_done();
  });
  if (done == count) return hs::exit_code::ok;
  // The records written are every hit in the scanned part; the summary says which part.
  return run_ending(true, "partial result, scanned " + std::to_string(done) + " of " + std::to_string(count) +
                              " nonces" +
                              (done ? " (" + std::to_string(start) + " to " + std::to_string(start + done - 1) + ")"
                                    : std::string()) +
                              ", " + std::to_string(found) + " found; nonces " + std::to_string(start + done) +
                              " to " + std::to_string(start + count - 1) + " not scanned");
}
}  // namespace

hs::Runner add_scan(CLI::App& sub) {
  auto o = std::make_shared<ScanOptions>();
  sub.add_option("--header", o->header, "80-byte block header as 160 hex digits (@FILE reads it from FILE)")
      ->required()
      ->type_name("HEX");
  sub.add_option("--start", o->start, "First nonce (default 0)")->type_name("N");
  sub.add_option("--count", o->count, "Nonces to scan (default: to the end of the nonce space)")->type_name("M");
  sub.add_option("--target", o->target, "Share target as 64 hex digits, display order (default: the header's bits)")
      ->type_name("HEX");
  sub.add_option("--share-difficulty", o->share_difficulty,
                 "Share target as a difficulty (1 = the difficulty-1 target 0x1d00ffff)")
      ->type_name("D");
  add_device_option(sub, o->device);
  add_tuning_options(sub, o->tuning);
  hs::add_output_options(sub, o->out);
  return [o] { return run_scan(*o); };
}

}  // namespace hashbench
