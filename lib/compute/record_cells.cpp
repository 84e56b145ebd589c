#include "compute/record_cells.hpp"

#include <cstdint>

namespace hs {
namespace {
Cell fixed(const std::optional<double>& v, int decimals) { return v ? Cell{Fixed{*v, decimals}} : Cell{}; }
}  // namespace

std::vector<Cell> device_cells(const ComputeDevice& d) {
  const auto& i = d.info;
  auto reported = [&](std::uint64_t v) { return d.native && v == 0 ? Cell{} : Cell{static_cast<std::int64_t>(v)}; };
  return {static_cast<std::int64_t>(d.index),
          i.platform,
          i.name,
          i.vendor,
          i.type,
          i.driver,
          static_cast<std::int64_t>(i.compute_units),
          reported(i.clock_mhz),
          reported(i.global_mem >> 20),
          reported(i.max_alloc >> 20),
          d.native ? std::string() : i.version};
}

std::vector<Cell> nonce_hit_cells(const NonceHit& h, const std::string& device) {
  return {static_cast<std::int64_t>(h.nonce), display_hex(h.hash), h.meets_block_target, device};
}

std::vector<Cell> gemm_result_cells(const gemm::Result& r, const GemmRunContext& ctx) {
  const std::optional<double> watts = ctx.user_watts ? ctx.user_watts : r.watts;
  const std::string source = ctx.user_watts ? "user" : (r.watts ? "nvml" : "");
  std::optional<double> peak, fraction, gflops_per_watt;
  if (r.peak.value) {
    peak = *r.peak.value / 1e12;
    fraction = r.tflops / *peak;
  }
  if (watts) gflops_per_watt = r.tflops * 1e3 / *watts;
  return {r.device,
          std::int64_t{ctx.gpu},
          ctx.compute_capability,
          ctx.library,
          gemm::name(r.precision),
          r.m,
          r.n,
          r.k,
          r.products,
          Fixed{r.seconds, 4},
          Fixed{r.tflops, 2},
          fixed(peak, 2),
          r.peak.source,
          fixed(fraction, 4),
          fixed(watts, 1),
          source.empty() ? Cell{} : Cell{source},
          fixed(gflops_per_watt, 3),
          r.check.max_rel_error,
          r.check.bound,
          r.check.passed,
          r.partial};
}

std::vector<Cell> bandwidth_result_cells(const bandwidth::Result& r, std::optional<double> user_watts,
                                         const std::string& meter_source) {
  const std::optional<double> watts = user_watts ? user_watts : r.watts;
  const std::string source = user_watts ? "user" : (r.watts ? meter_source : "");
  std::optional<double> peak, fraction, per_watt;
  if (r.peak.value) {
    peak = *r.peak.value / 1e9;
    fraction = r.gb_per_s / *peak;
  }
  if (watts) per_watt = r.gb_per_s / *watts;
  return {r.device,
          r.backend,
          bandwidth::name(r.kernel),
          Fixed{static_cast<double>(r.array_bytes) / (1 << 20), 2},
          static_cast<std::int64_t>(r.bytes_per_pass),
          r.passes,
          Fixed{r.seconds, 4},
          Fixed{r.gb_per_s, 2},
          fixed(peak, 1),
          r.peak.source,
          fixed(fraction, 4),
          fixed(watts, 1),
          source.empty() ? Cell{} : Cell{source},
          fixed(per_watt, 3),
          r.verified,
          r.partial};
}

}  // namespace hs
