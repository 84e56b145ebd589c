#pragma once
// hashbench tune's search for the fastest sha256d kernel parameters on one device, apart from
// the device: the candidates are data (Sha256dTuneSpace, as CLBlast keeps its tuning
// parameters), and a trial is a function, so the search order and the choice are tested
// without OpenCL (tests/unit/compute/sha256d_tuner_test.cpp).
#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "compute/sha256d_tuning.hpp"

namespace hs {

// Coordinate search: vector width first (at the default nonces per item), then nonces per
// item at the best width, then the work-group size at the best of both.
struct Sha256dTuneSpace {
  std::vector<int> vector_widths{1, 2, 4, 8, 16};
  int first_nonces_per_item = 16;
  std::vector<int> nonces_per_item{4, 64, 256, 1024};
  std::vector<std::size_t> local_sizes{16, 64, 256};
  // Widths past this many times the device's preferred int vector width (and past 4 at
  // least) are not tried: a GPU (preferred width 1) gains nothing from them, and NVIDIA's
  // compiler took a minute over vw=16 on an H200.
  unsigned widest_per_preferred = 4;
};

struct Sha256dDeviceLimits {
  unsigned preferred_vector_width_int = 1;
  std::size_t max_work_group_size = 0;
};

// Measures one candidate: its rate in H/s, or none when it may not count (its hashes
// disagreed with the CPU reference, the run was cut short, or it was not run).
using Sha256dTrial = std::function<std::optional<double>(const Sha256dTuning&)>;

struct Sha256dTuneResult {
  Sha256dTuning best;              // the defaults when no trial counted
  double hashes_per_second = 0;    // 0 when no trial counted
  int trials = 0;                  // candidates handed to the trial function
  bool found() const { return hashes_per_second > 0; }
};

// Runs the search; a candidate whose work-group size exceeds the device's is not tried.
// Ties keep the earlier candidate.
Sha256dTuneResult tune_sha256d(const Sha256dTuneSpace& space, const Sha256dDeviceLimits& device,
                               const Sha256dTrial& trial);

}  // namespace hs
