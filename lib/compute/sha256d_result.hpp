#pragma once
// The sha256d_result record (lib/records/hashbench.cpp) as a typed row: what hashbench
// sha256d writes for its measurement and hashbench tune for each trial. One cells(), so two
// swapped columns fail tests/unit/compute/sha256d_result_test.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compute/rate.hpp"
#include "compute/sha256d_tuning.hpp"
#include "core/record.hpp"

namespace hs {

struct Sha256dResult {
  std::string device, kernel;
  std::optional<Sha256dTuning> tuning;  // OpenCL: vector width, nonces per item, work-group
  std::optional<unsigned> threads;      // the native path
  RateResult rate;
  // Watts given by the user are written as given; a meter's reading to 0.1 W (more digits
  // would be noise), and so is the J/TH derived from either.
  std::optional<double> watts;
  bool watts_from_user = false;
  std::string watts_source;  // user, nvml, rapl, or ""
  bool verified = false;

  std::optional<double> joules_per_th() const;
  std::vector<Cell> cells() const;
};

}  // namespace hs
