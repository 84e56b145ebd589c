#include "compute/peak_cl.hpp"

namespace hs::peak {

Peak opencl_device_fp32(const cl::Device& dev, const cl::DeviceInfo& info) {
  int major = -1, minor = -1;
  if (info.has_extension("cl_nv_device_attribute_query")) {
    // CL_DEVICE_COMPUTE_CAPABILITY_MAJOR_NV / _MINOR_NV (cl_ext.h)
    cl_uint v = 0;
    if (clGetDeviceInfo(dev.id(), 0x4000, sizeof v, &v, nullptr) == CL_SUCCESS) major = static_cast<int>(v);
    if (clGetDeviceInfo(dev.id(), 0x4001, sizeof v, &v, nullptr) == CL_SUCCESS) minor = static_cast<int>(v);
  }
  return opencl_fp32(info.type, info.vendor, info.name, info.compute_units, info.clock_mhz, major, minor);
}

}  // namespace hs::peak
