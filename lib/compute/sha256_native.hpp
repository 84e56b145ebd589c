#pragma once
// The native CPU sha256d path (no OpenCL): SHA-NI with several nonces interleaved where the
// processor has the SHA extensions (checked with cpuid at run time), a portable C++ loop
// otherwise; threads split every range across cores.
#include <cstdint>
#include <string>
#include <vector>

#include "compute/sha256d.hpp"

namespace hs {

bool cpu_has_sha_ni();
// The processor's brand string from cpuid ("AMD EPYC ..."), or "cpu".
std::string cpu_brand();

class NativeSha256d : public Sha256dEngine {
 public:
  // threads 0 = one per online CPU; force_portable skips SHA-NI (for tests and comparison).
  explicit NativeSha256d(unsigned threads = 0, bool force_portable = false);
  void set_header(const BlockHeader& h, std::uint32_t target_hi) override;
  std::vector<std::uint32_t> scan(std::uint32_t start, std::uint64_t count) override;
  std::string device_name() const override;
  std::string variant() const override;
  std::uint64_t preferred_batch() const override { return 1ull << 22; }
  unsigned threads() const { return threads_; }
  bool uses_sha_ni() const { return kind_ == 1; }
  // 0 portable, 1 SHA-NI, 2 AVX-512, 3 AVX2, 4 AVX-512 + SHA-NI: chosen by a short timing at construction.
  int kind() const { return kind_; }
  // Which path runs and why, in words: the only one this CPU has, HS_NATIVE_CODE, or the
  // fastest of those timed at construction (with their rates).
  const std::string& choice() const { return choice_; }

 private:
  unsigned threads_;
  int kind_ = 0;
  std::string choice_;
  Sha256dPrecompute pre_{};
  std::uint32_t tail_[3] = {};
  std::uint32_t target_hi_ = 0;
};

// One-thread kernels, exposed for tests: candidates in [start, start + count).
void scan_portable(const Sha256dPrecompute& p, const std::uint32_t tail[3], std::uint32_t target_hi,
                   std::uint32_t start, std::uint64_t count, std::vector<std::uint32_t>& out);
void scan_sha_ni(const Sha256dPrecompute& p, const std::uint32_t tail[3], std::uint32_t target_hi,
                 std::uint32_t start, std::uint64_t count, std::vector<std::uint32_t>& out);

}  // namespace hs

namespace hs {
bool cpu_has_avx512();
bool cpu_has_avx2();
// SIMD lanes across nonces (callable only where the CPU has the extension).
void scan_avx512(const Sha256dPrecompute& p, std::uint32_t target_hi, std::uint32_t start, std::uint64_t count,
                 std::vector<std::uint32_t>& out);
void scan_avx2(const Sha256dPrecompute& p, std::uint32_t target_hi, std::uint32_t start, std::uint64_t count,
               std::vector<std::uint32_t>& out);
// AVX-512 and SHA-NI interleaved in one loop (needs both).
void scan_hybrid(const Sha256dPrecompute& p, const std::uint32_t tail[3], std::uint32_t target_hi,
                 std::uint32_t start, std::uint64_t count, std::vector<std::uint32_t>& out);
}  // namespace hs
