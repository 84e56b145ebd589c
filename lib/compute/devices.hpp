#pragma once
// Every device hashbench can measure: the OpenCL devices of all platforms (indices 0..n-1),
// then the native CPU path (index n). Chosen by index, by name substring, or "native".
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compute/sha256_native.hpp"
#include "compute/sha256d_cl.hpp"
#include "opencl/clpp.hpp"

namespace hs {

struct ComputeDevice {
  int index = 0;
  bool native = false;
  std::optional<cl::Device> cl;  // empty for the native path
  cl::DeviceInfo info;           // platform "native" for the native path
  std::string native_choice;     // the native path: which code runs and why (NativeSha256d::choice)
};

// OpenCL devices then the native path. OpenCL failing to enumerate is not fatal here.
std::vector<ComputeDevice> list_compute_devices();

// Resolves --device: "" = first GPU, else first OpenCL CPU device, else the native path
// (with a note that OpenCL is absent); "native"; an index; or a name substring.
// Unknown index: Error(64). Nothing matches: Error(69). When allow_native is false, a
// request that can only be served by the native path is Error(69).
ComputeDevice select_compute_device(const std::string& spec, bool allow_native = true);

// The engine for a device: OpenCL with the tuning given (or cached, or default), or native.
std::unique_ptr<Sha256dEngine> make_engine(const ComputeDevice& d, const Sha256dTuning& tuning, unsigned threads);

}  // namespace hs
