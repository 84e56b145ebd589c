#pragma once
// The host side of the vendor-library GEMM (hashbench gemm): the precisions, their storage
// formats, inputs every format holds exactly, the reference and the accepted error.
//
// Inputs are drawn from +-{1, 1.125, ..., 1.875} x 2^-e, e in 0..3: three mantissa bits and a
// small exponent range, so FP8 E4M3, FP16, BF16, TF32 and FP32 all hold every input exactly.
// The reference (double, from those same values) then differs from a correct result only by
// the accumulation and the rounding of the output, and the accepted error per element is
//   |c - ref| <= bound * scale,  scale = sum_k |a_ik * b_kj|,
//   bound = accumulation + output rounding:
//     fp32      (K + 4) * 2^-24          FP32 FMA pipes (as hashbench sgemm)
//     tf32      (K + 4) * 2^-23          tensor cores accumulating in FP32, truncation allowed
//     fp16      (K + 4) * 2^-23 + 2^-11  FP32 accumulation, FP16 output (half an ulp of 2^-10)
//     bf16      (K + 4) * 2^-23 + 2^-8   FP32 accumulation, BF16 output (half an ulp of 2^-7)
//     fp8_e4m3  (K + 4) * 2^-21 + 2^-8   BF16 output; 4x FP32's accumulation allowance for the
//                                        FP8 tensor cores' narrower internal sums, which NVIDIA
//                                        does not specify
// Wrong layouts or a skipped block give errors of order sqrt(K) * |ab| on random signs, far
// above these bounds at the default sizes.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hs::gemm {

enum class Precision { fp32, tf32, fp16, bf16, fp8_e4m3 };

const std::vector<Precision>& all_precisions();
std::string name(Precision p);  // "fp32", "tf32", "fp16", "bf16", "fp8_e4m3"
std::optional<Precision> parse_precision(const std::string& text);

// Bytes per element of the inputs (A, B) and of the output (C).
int input_bytes(Precision p);
int output_bytes(Precision p);

// The accepted relative error (see above) for depth k.
double error_bound(Precision p, std::int64_t k);

// n values from the exact set above, reproducible from the seed.
std::vector<float> exact_inputs(std::size_t n, std::uint64_t seed);

// Encodes values that the format holds exactly (as exact_inputs gives) into its bit pattern,
// little-endian, input_bytes(p) each: FP32/TF32 as IEEE binary32, FP16 as binary16, BF16 as the
// top half of binary32, FP8 as E4M3 (bias 7).
std::vector<std::uint8_t> encode_inputs(Precision p, const std::vector<float>& v);
// Decodes output_bytes(p)-byte outputs (FP32, FP16, or BF16 for bf16 and fp8) to float.
std::vector<float> decode_outputs(Precision p, const std::vector<std::uint8_t>& bytes);
float half_to_float(std::uint16_t h);
float bf16_to_float(std::uint16_t b);

// C (M x N, row-major) = A (M x K, row-major) * B, with B given transposed: bt (N x K,
// row-major), the layout FP8 tensor cores require ("TN"). Checks `samples` elements (the four
// corners, then random ones) against the double reference.
struct Check {
  std::size_t samples = 0;
  double max_rel_error = 0;  // max |c - ref| / scale
  double bound = 0;
  bool passed = false;
  std::int64_t worst_row = 0, worst_col = 0;
};
Check check_sample(Precision p, std::int64_t m, std::int64_t n, std::int64_t k, const std::vector<float>& a,
                   const std::vector<float>& bt, const std::vector<float>& c, std::size_t samples,
                   std::uint64_t seed = 11);

}  // namespace hs::gemm
