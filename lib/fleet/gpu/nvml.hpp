#pragma once
// The GPUs of this node read through NVML, the library the NVIDIA driver installs
// (libnvidia-ml.so.1), loaded with dlopen so fleet runs where there is no driver. Read only:
// nothing here sets a power limit or any other state of a GPU.
#include <string>

#include "fleet/gpu/reading.hpp"

namespace hs::fleet::gpu {

// The library read_nvml loads: $HS_NVML_LIB when set and not empty (a path, so tests can
// point at a stand-in), else "libnvidia-ml.so.1" found by the dynamic loader.
std::string nvml_library();

// Every GPU NVML sees, in its index order: name, UUID, power draw, the enforced power limit
// and the range it may be set in, core temperature and the energy counter. Never throws for
// NVML's faults: an absent library, one without the calls used, or a failed nvmlInit_v2 or
// nvmlDeviceGetCount_v2 leave the GPUs empty and say why in `error`; a GPU whose handle fails
// (NVML_ERROR_GPU_IS_LOST) has its own `error`; a figure the GPU does not report
// (NVML_ERROR_NOT_SUPPORTED) stays empty. Zero GPUs is a reading, not an error.
NodeReading read_nvml(const std::string& library = nvml_library());

// NVML's name for one of its return codes, as nvml.h spells it ("NVML_ERROR_GPU_IS_LOST"),
// or "NVML error <n>" for a code this list does not know.
std::string nvml_code_name(int code);

}  // namespace hs::fleet::gpu
