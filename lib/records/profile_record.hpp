#pragma once
// The `profile` record (lib/records/hashbench.cpp): one device and workload in site terms.
// hashbench profile writes measured rows; it also reads hand-written rows (an ASIC spec
// sheet, a GPU data sheet) and normalizes them to the same units so allocate and leasecalc
// can put a measured GPU next to a catalogue ASIC.
#include <optional>
#include <string>
#include <vector>

#include "core/record.hpp"

namespace hs::profile {

struct Row {
  std::string device;
  std::string workload;   // "sha256d", "sgemm_fp32", "gemm_<precision>", "bandwidth_<kernel>"
  double rate = 0;        // in rate_unit
  std::string rate_unit;  // "H/s", "GFLOP/s", "TFLOP/s" or "GB/s" (rate_unit_for)
  std::optional<double> watts;
  std::string watts_source;  // user, nvml, rapl, spec, or ""
  bool verified = false;
  std::optional<double> peak_rate;  // in rate_unit
  std::string peak_source;

  std::optional<double> fraction_of_peak() const;
  // rate / watts for every workload, when watts are known.
  std::optional<double> rate_per_watt() const;
  // watts / (H/s / 1e12) for sha256d, when watts are known.
  std::optional<double> joules_per_th() const;
  // GFLOP/s / watts for sgemm_fp32, when watts are known.
  std::optional<double> gflops_per_watt() const;
  // Decimals of the rate's unit (and of peak_rate): 0 for H/s, 4 for TFLOP/s, 2 otherwise.
  int unit_decimals() const;
  // Decimals the rate is written with: the unit's, or more for a rate below 1, which keeps four
  // significant digits (0.00003012 TFLOP/s, never 0.0000).
  int rate_decimals() const;
  // Cells in the order of the profile record's fields.
  std::vector<Cell> cells() const;
};

// The unit a workload's rate is reported in; an unknown workload is Error(64) listing the known.
std::string rate_unit_for(const std::string& workload);
bool known_workload(const std::string& workload);
const std::vector<std::string>& known_workloads();

// Validates one hand-written profile record and normalizes it: rate converted to the
// workload's unit (TH/s, GH/s, MH/s, kH/s -> H/s; TFLOP/s, MFLOP/s -> GFLOP/s), rate > 0,
// watts > 0 when given (watts_source "spec" when not said), a given joules_per_th or
// gflops_per_watt must agree with rate and watts within 1 %, and verified is false (a sheet
// is not a measurement checked against the CPU reference). Any violation: Error(65) naming
// the file, line and field.
Row normalize_spec(const Record& rec);
// The profile record as a spec sheet is read (hashbench profile --spec): verified may be left
// out, since a sheet is written as unverified whatever it says.
const RecordSpec& spec_sheet_fields();

}  // namespace hs::profile
