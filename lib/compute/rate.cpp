#include "compute/rate.hpp"

#include <chrono>

#include "core/cli.hpp"

namespace hs {

RateResult measure_rate(Sha256dEngine& e, const BlockHeader& h, double warmup_seconds, double seconds,
                        PowerMeter* meter) {
  using clock = std::chrono::steady_clock;
  e.set_header(h, target_hi(bits_to_target(h.bits())));
  const std::uint64_t batch = e.preferred_batch();
  std::uint64_t pos = 0;
  auto next = [&] {
    // A moving range over the whole nonce space, wrapping at 2^32.
    if (pos + batch > (1ull << 32)) pos = 0;
    e.scan(static_cast<std::uint32_t>(pos), batch);
    pos += batch;
  };
  auto t0 = clock::now();
  while (!interrupted() && std::chrono::duration<double>(clock::now() - t0).count() < warmup_seconds) next();
  RateResult r;
  if (meter) meter->start();
  t0 = clock::now();
  double elapsed = 0;
  while (!interrupted() && elapsed < seconds) {
    next();
    r.hashes += batch;
    elapsed = std::chrono::duration<double>(clock::now() - t0).count();
    progress("sha256d: " + std::to_string(static_cast<long long>(static_cast<double>(r.hashes) / elapsed / 1e6)) +
             " MH/s");
  }
  progress_done();
  r.seconds = elapsed;
  r.partial = elapsed < seconds;
  if (meter) r.watts = meter->stop();
  return r;
}

std::string verify_engine_sample(Sha256dEngine& e, const BlockHeader& h) {
  // Three spread windows: low nonces, the middle, and the top of the nonce space.
  for (std::uint32_t start : {0u, 0x7fff8000u, 0xffffe000u}) {
    auto why = check_engine(e, h, start, 8192);
    if (!why.empty()) return why;
  }
  return {};
}

}  // namespace hs
