#include "compute/gemm_precision.hpp"

#include <cmath>
#include <cstring>
#include <random>

namespace hs::gemm {

const std::vector<Precision>& all_precisions() {
  static const std::vector<Precision> all{Precision::fp32, Precision::tf32, Precision::fp16, Precision::bf16,
                                          Precision::fp8_e4m3};
  return all;
}

std::string name(Precision p) {
  switch (p) {
    case Precision::fp32: return "fp32";
    case Precision::tf32: return "tf32";
    case Precision::fp16: return "fp16";
    case Precision::bf16: return "bf16";
    case Precision::fp8_e4m3: return "fp8_e4m3";
  }
  return "?";
}

std::optional<Precision> parse_precision(const std::string& text) {
  for (auto p : all_precisions())
    if (name(p) == text) return p;
  if (text == "fp8") return Precision::fp8_e4m3;
  return std::nullopt;
}

int input_bytes(Precision p) {
  switch (p) {
    case Precision::fp32:
    case Precision::tf32: return 4;
    case Precision::fp16:
    case Precision::bf16: return 2;
    case Precision::fp8_e4m3: return 1;
  }
  return 4;
}

int output_bytes(Precision p) { return p == Precision::fp32 || p == Precision::tf32 ? 4 : 2; }

double error_bound(Precision p, std::int64_t k) {
  const double kk = static_cast<double>(k) + 4;
  switch (p) {
    case Precision::fp32: return kk * std::ldexp(1.0, -24);
    case Precision::tf32: return kk * std::ldexp(1.0, -23);
    case Precision::fp16: return kk * std::ldexp(1.0, -23) + std::ldexp(1.0, -11);
    case Precision::bf16: return kk * std::ldexp(1.0, -23) + std::ldexp(1.0, -8);
    case Precision::fp8_e4m3: return kk * std::ldexp(1.0, -21) + std::ldexp(1.0, -8);
  }
  return 0;
}

std::vector<float> exact_inputs(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<float> v(n);
  for (auto& x : v) {
    const auto r = rng();
    const float mant = 1.0f + static_cast<float>(r & 7u) / 8.0f;  // 1 .. 1.875
    const int e = static_cast<int>((r >> 3) & 3u);                 // 2^0 .. 2^-3
    x = std::ldexp(mant, -e) * ((r >> 5) & 1u ? -1.0f : 1.0f);
  }
  return v;
}

namespace {

std::uint32_t bits_of(float f) {
  std::uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}

// Normal values with at most 3 mantissa bits and exponent in range: exact in every format.
std::uint16_t to_half_exact(float f) {
  const std::uint32_t u = bits_of(f);
  const std::uint32_t sign = (u >> 16) & 0x8000u;
  if ((u & 0x7fffffffu) == 0) return static_cast<std::uint16_t>(sign);
  const int e = static_cast<int>((u >> 23) & 0xffu) - 127 + 15;
  return static_cast<std::uint16_t>(sign | (static_cast<std::uint32_t>(e) << 10) | ((u >> 13) & 0x3ffu));
}

std::uint8_t to_e4m3_exact(float f) {
  const std::uint32_t u = bits_of(f);
  const std::uint32_t sign = (u >> 24) & 0x80u;
  if ((u & 0x7fffffffu) == 0) return static_cast<std::uint8_t>(sign);
  const int e = static_cast<int>((u >> 23) & 0xffu) - 127 + 7;
  return static_cast<std::uint8_t>(sign | (static_cast<std::uint32_t>(e) << 3) | ((u >> 20) & 0x7u));
}

}  // namespace

float half_to_float(std::uint16_t h) {
  const int sign = h & 0x8000 ? -1 : 1;
  const int e = (h >> 10) & 0x1f;
  const int m = h & 0x3ff;
  if (e == 0) return static_cast<float>(sign * std::ldexp(static_cast<double>(m), -24));
  if (e == 31) return m ? std::nanf("") : static_cast<float>(sign) * INFINITY;
  return static_cast<float>(sign * std::ldexp(1.0 + m / 1024.0, e - 15));
}

float bf16_to_float(std::uint16_t b) {
  const std::uint32_t u = static_cast<std::uint32_t>(b) << 16;
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

std::vector<std::uint8_t> encode_inputs(Precision p, const std::vector<float>& v) {
  const int w = input_bytes(p);
  std::vector<std::uint8_t> out(v.size() * static_cast<std::size_t>(w));
  for (std::size_t i = 0; i < v.size(); ++i) {
    std::uint8_t* d = out.data() + i * static_cast<std::size_t>(w);
    if (w == 4) {
      const std::uint32_t u = bits_of(v[i]);
      std::memcpy(d, &u, 4);
    } else if (p == Precision::fp16) {
      const std::uint16_t h = to_half_exact(v[i]);
      std::memcpy(d, &h, 2);
    } else if (p == Precision::bf16) {
      const auto h = static_cast<std::uint16_t>(bits_of(v[i]) >> 16);
      std::memcpy(d, &h, 2);
    } else {
      *d = to_e4m3_exact(v[i]);
    }
  }
  return out;
}

std::vector<float> decode_outputs(Precision p, const std::vector<std::uint8_t>& bytes) {
  const int w = output_bytes(p);
  std::vector<float> out(bytes.size() / static_cast<std::size_t>(w));
  for (std::size_t i = 0; i < out.size(); ++i) {
    const std::uint8_t* s = bytes.data() + i * static_cast<std::size_t>(w);
    if (w == 4) {
      std::memcpy(&out[i], s, 4);
    } else {
      std::uint16_t h;
      std::memcpy(&h, s, 2);
      out[i] = p == Precision::fp16 ? half_to_float(h) : bf16_to_float(h);
    }
  }
  return out;
}

Check check_sample(Precision p, std::int64_t m, std::int64_t n, std::int64_t k, const std::vector<float>& a,
                   const std::vector<float>& bt, const std::vector<float>& c, std::size_t samples,
                   std::uint64_t seed) {
  Check r;
  r.bound = error_bound(p, k);
  std::vector<std::pair<std::int64_t, std::int64_t>> at;
  if (static_cast<std::uint64_t>(m * n) <= samples) {
    for (std::int64_t i = 0; i < m; ++i)
      for (std::int64_t j = 0; j < n; ++j) at.emplace_back(i, j);
  } else {
    at = {{0, 0}, {0, n - 1}, {m - 1, 0}, {m - 1, n - 1}};
    std::mt19937_64 rng(seed);
    while (at.size() < samples)
      at.emplace_back(static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(m)),
                      static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(n)));
  }
  r.passed = true;
  for (auto [i, j] : at) {
    double ref = 0, scale = 0;
    const float* ar = a.data() + i * k;
    const float* br = bt.data() + j * k;
    for (std::int64_t q = 0; q < k; ++q) {
      const double prod = static_cast<double>(ar[q]) * static_cast<double>(br[q]);
      ref += prod;
      scale += std::fabs(prod);
    }
    const double got = c[static_cast<std::size_t>(i * n + j)];
    const double rel = std::isfinite(got) ? std::fabs(got - ref) / scale : INFINITY;
    if (!(rel <= r.max_rel_error)) {
      r.max_rel_error = rel;
      r.worst_row = i;
      r.worst_col = j;
    }
    if (!(rel <= r.bound)) r.passed = false;
    ++r.samples;
  }
  return r;
}

}  // namespace hs::gemm
