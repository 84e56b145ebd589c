#include "records/catalog.hpp"

namespace hs::records {

std::vector<RecordSpec> hashbench_records() {
  using T = FieldType;
  return {
      {"device",
       "One compute device as hashbench devices lists it.",
       {
           {"index", T::integer, true, "Index to pass to --device."},
           {"platform", T::string, true, "OpenCL platform name, or \"native\" for the built-in CPU path."},
           {"device", T::string, true, "Device name."},
           {"vendor", T::string, false, "Device vendor."},
           {"device_type", T::string, false, "gpu, cpu, accelerator, or native."},
           {"driver", T::string, false, "Driver version."},
           {"compute_units", T::integer, false, "Compute units (cores on a CPU)."},
           {"clock_mhz", T::integer, false, "Maximum clock in MHz."},
           {"global_mem_mib", T::integer, false, "Global memory in MiB."},
           {"max_alloc_mib", T::integer, false, "Largest single allocation in MiB."},
           {"opencl_version", T::string, false, "OpenCL version the device reports."},
       }},
      {"nonce_hit",
       "A nonce whose sha256d hash meets the target, as hashbench scan writes it.",
       {
           {"nonce", T::integer, true, "The nonce (0 to 4294967295)."},
           {"hash", T::string, true, "Block hash in display byte order (64 hex digits)."},
           {"meets_block_target", T::boolean, true, "true when the hash meets the header's bits target."},
           {"device", T::string, false, "Device that found it."},
       }},
      {"sha256d_result",
       "One sha256d hashrate measurement, as hashbench sha256d writes it.",
       {
           {"device", T::string, true, "Device measured."},
           {"kernel", T::string, true, "Kernel variant."},
           {"local_size", T::integer, false, "OpenCL work-group size (empty on the native path)."},
           {"vector_width", T::integer, false, "Nonces per vector lane group."},
           {"nonces_per_item", T::integer, false, "Nonces each work-item scans."},
           {"threads", T::integer, false, "CPU threads (native path)."},
           {"hashes", T::integer, true, "Double SHA-256 hashes done in the timed part."},
           {"seconds", T::number, true, "Timed seconds, after the warm-up."},
           {"hashes_per_second", T::number, true, "hashes / seconds."},
           {"watts", T::number, false, "Power draw, when known."},
           {"watts_source", T::string, false, "user, nvml, rapl, or empty."},
           {"joules_per_th", T::number, false, "watts / (hashes_per_second / 1e12)."},
           {"verified", T::boolean, true, "true when the kernel agreed with the CPU reference on the sampled nonces."},
           {"partial", T::boolean, true, "true when the run was interrupted before its full duration."},
       }},
      {"profile",
       "One device and workload in site terms, as hashbench profile writes it; also accepted hand-written (an ASIC spec sheet).",
       {
           {"device", T::string, true, "Device or model name."},
           {"workload", T::string, true, "sha256d or sgemm_fp32."},
           {"rate", T::number, true, "Measured rate in rate_unit."},
           {"rate_unit", T::string, true, "H/s or GFLOP/s."},
           {"watts", T::number, false, "Power draw; empty when unknown."},
           {"watts_source", T::string, false, "user, nvml, rapl, spec, or empty."},
           {"joules_per_th", T::number, false, "For sha256d: joules per terahash."},
           {"gflops_per_watt", T::number, false, "For sgemm_fp32: GFLOP/s per watt."},
           {"verified", T::boolean, true, "true only when the result was checked against the CPU reference."},
       }},
  };
}

}  // namespace hs::records
