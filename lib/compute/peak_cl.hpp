#pragma once
// The FP32 peak of an OpenCL device (peak.hpp), with an NVIDIA GPU's compute capability read
// through cl_nv_device_attribute_query where the driver has it.
#include "compute/peak.hpp"
#include "opencl/clpp.hpp"

namespace hs::peak {
Peak opencl_device_fp32(const cl::Device& dev, const cl::DeviceInfo& info);
}  // namespace hs::peak
