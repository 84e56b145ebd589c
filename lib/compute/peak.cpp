#include "compute/peak.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "core/parse.hpp"

namespace hs::peak {

double SmRates::rate(gemm::Precision p) const {
  switch (p) {
    case gemm::Precision::fp32: return fp32;
    case gemm::Precision::tf32: return tf32;
    case gemm::Precision::fp16: return fp16;
    case gemm::Precision::bf16: return bf16;
    case gemm::Precision::fp8_e4m3: return fp8;
  }
  return 0;
}

const std::vector<SmRates>& nvidia_sm_rates() {
  // FP16/BF16 with FP32 accumulation (what cuBLASLt's CUBLAS_COMPUTE_32F runs). GeForce boards
  // of 7.5, 8.6 and 8.9 run FP32-accumulated FP16 at half these rates; the rows are the data
  // center and workstation parts. Checks: H100 SXM 132 SMs x 1830 MHz x 4096 = 989 TFLOP/s
  // BF16; A100 108 x 1410 x 2048 = 312; L40S 142 x 2520 x 1024 = 366 (sheet: 362).
  static const std::vector<SmRates> t{
      {7, 0, "Volta (V100)", 128, 0, 1024, 0, 0},
      {7, 5, "Turing (T4)", 128, 0, 1024, 0, 0},
      {8, 0, "Ampere (A100, A30)", 128, 1024, 2048, 2048, 0},
      {8, 6, "Ampere (A10, A40, RTX A6000)", 256, 256, 512, 512, 0},
      {8, 9, "Ada (L4, L40, L40S)", 256, 512, 1024, 1024, 2048},
      {9, 0, "Hopper (H100, H200, GH200)", 256, 2048, 4096, 4096, 8192},
      {10, 0, "Blackwell (B200, GB200)", 256, 4096, 8192, 8192, 16384},
  };
  return t;
}

const SmRates* find_sm_rates(int cc_major, int cc_minor) {
  for (const auto& r : nvidia_sm_rates())
    if (r.cc_major == cc_major && r.cc_minor == cc_minor) return &r;
  return nullptr;
}

Peak cuda_flops(int cc_major, int cc_minor, int sms, double clock_mhz, gemm::Precision p) {
  Peak out;
  const std::string cc = std::to_string(cc_major) + "." + std::to_string(cc_minor);
  const SmRates* r = find_sm_rates(cc_major, cc_minor);
  if (!r) {
    out.source = "no entry for compute capability " + cc + " in the FLOP/clock/SM table";
    return out;
  }
  const double per = r->rate(p);
  if (per <= 0) {
    out.source = std::string(r->arch) + " has no dense " + gemm::name(p) + " tensor path";
    return out;
  }
  if (sms <= 0 || clock_mhz <= 0) {
    out.source = "the runtime reported no SM count or clock";
    return out;
  }
  out.value = sms * clock_mhz * 1e6 * per;
  std::ostringstream s;
  s << "cuda: " << sms << " SMs x " << format_fixed(clock_mhz, 0) << " MHz x " << format_double(per)
    << " FLOP/clk/SM (sm_" << cc_major << cc_minor << " table)";
  out.source = s.str();
  return out;
}

Peak cuda_bandwidth(double mem_clock_mhz, int bus_width_bits) {
  Peak out;
  if (mem_clock_mhz <= 0 || bus_width_bits <= 0) {
    out.source = "the runtime reported no memory clock or bus width";
    return out;
  }
  out.value = 2.0 * mem_clock_mhz * 1e6 * bus_width_bits / 8.0;
  out.source = "cuda: 2 x " + format_fixed(mem_clock_mhz, 0) + " MHz x " + std::to_string(bus_width_bits) + " bit / 8";
  return out;
}

namespace {
std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
bool has(const std::string& hay, const char* needle) { return hay.find(needle) != std::string::npos; }
}  // namespace

UnitRate opencl_fp32_rate(const std::string& type, const std::string& vendor, const std::string& name, int cc_major,
                          int cc_minor) {
  const std::string v = lower(vendor), n = lower(name);
  if (type == "gpu") {
    if (has(v, "nvidia")) {
      if (const SmRates* r = cc_major >= 0 ? find_sm_rates(cc_major, cc_minor) : nullptr)
        return {r->fp32, std::string("FP32 FLOP/clk/SM of ") + r->arch};
      return {};
    }
    if (has(v, "amd") || has(v, "advanced micro devices"))
      return {128, "64 FP32 lanes x FMA per compute unit (GCN, CDNA, RDNA single issue)"};
    return {};
  }
  if (type == "cpu") {
    // PoCL names its device after the LLVM target (pthread-skylake-avx512-..., -haswell-, -znver3-).
    const bool amd = has(v, "amd") || has(n, "amd");
    if (has(n, "avx512") || has(n, "skylake-avx512") || has(n, "icelake") || has(n, "sapphirerapids") ||
        has(n, "znver4") || has(n, "znver5")) {
      if (amd) return {32, "AVX-512 on AMD: two 256-bit FMA pipes per core (Zen 4; Zen 5 server parts double it)"};
      return {64, "AVX-512: two 512-bit FMA units per core (Xeon Scalable)"};
    }
    if (has(n, "haswell") || has(n, "broadwell") || has(n, "skylake") || has(n, "znver") || has(n, "avx2"))
      return {32, "AVX2: two 256-bit FMA units per core"};
    return {};
  }
  return {};
}

Peak opencl_fp32(const std::string& type, const std::string& vendor, const std::string& name, unsigned compute_units,
                 unsigned clock_mhz, int cc_major, int cc_minor) {
  Peak out;
  const UnitRate u = opencl_fp32_rate(type, vendor, name, cc_major, cc_minor);
  if (u.flops_per_clock <= 0) {
    out.source = "no FP32 FLOP/clock entry for this device";
    return out;
  }
  if (compute_units == 0 || clock_mhz == 0) {
    out.source = "the device reported no compute units or clock";
    return out;
  }
  out.value = static_cast<double>(compute_units) * clock_mhz * 1e6 * u.flops_per_clock;
  out.source = "opencl: " + std::to_string(compute_units) + " CUs x " + std::to_string(clock_mhz) + " MHz x " +
               format_double(u.flops_per_clock) + " FLOP/clk (" + u.basis + ")";
  return out;
}

}  // namespace hs::peak
