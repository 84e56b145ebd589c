#pragma once
// Tuning parameters of kernels/sgemm.cl (CLBlast-style compile-time defines), their
// validation, and the measured defaults per device type.
#include <string>
#include <string_view>
#include <vector>

namespace hs::sgemm {

struct Params {
  int mwg = 64, nwg = 64, kwg = 64;   // work-group tile of C and K depth staged in local memory
  int mwi = 8, nwi = 32;              // register block per work-item
  int vw = 16;                        // vector width along N (and along K for A loads)
  // CLBlast-style layout choices for GPUs (0 = off, the CPU's best):
  int ta = 0;   // A tile stored transposed in local memory ([k][m]): a work-item's MWI values of
                // A for one k are contiguous, so they load as one wide local read
  int str = 0;  // strided work-item mapping (CLBlast's STRM/STRN): work-item (tn, tm) owns rows
                // tm + i*MDIMC and vectors tn + j*NDIMC, so neighbours touch neighbouring local
                // and global addresses (no bank conflicts, coalesced stores)

  int local_m() const { return mwg / mwi; }
  int local_n() const { return nwg / nwi; }
  // "-DMWG=64 -DNWG=64 ..." for clBuildProgram.
  std::string build_options() const;
  // "MWG=64 NWG=64 KWG=128 MWI=8 NWI=32 VW=16" (+ " TA=1", " STR=1" when set): what records
  // show and the tuning cache stores; entries written before TA and STR existed still parse.
  std::string to_string() const;
  bool operator==(const Params&) const = default;
};

// Empty when p satisfies the kernel's constraints, else why not (e.g. "MWG % MWI != 0").
std::string invalid_reason(const Params& p);
// Parses to_string()'s form; a bad text is Error(65) naming `what`.
Params parse_params(std::string_view text, std::string_view what);

// Defaults per OpenCL device type ("cpu", "gpu", ...), measured with hashbench tune
// --workload sgemm (CPU: PoCL on 2 AVX-512 cores; GPU: a CLBlast-like shape).
Params default_params(std::string_view device_type);
// The candidates hashbench tune --workload sgemm tries on a device type.
std::vector<Params> tuning_candidates(std::string_view device_type);

}  // namespace hs::sgemm
