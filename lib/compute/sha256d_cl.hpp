#pragma once
// The OpenCL sha256d engine: kernels/sha256d.cl built for one device with its tuning
// (vector width, nonces per work-item, work-group size), scanning nonce ranges in batches.
#include <cstddef>
#include <cstdint>
#include <string>

#include "compute/sha256d.hpp"
#include "compute/sha256d_tuning.hpp"
#include "opencl/clpp.hpp"

namespace hs {

class ClSha256d : public Sha256dEngine {
 public:
  ClSha256d(const cl::Device& dev, const Sha256dTuning& tuning);
  void set_header(const BlockHeader& h, std::uint32_t target_hi) override;
  std::vector<std::uint32_t> scan(std::uint32_t start, std::uint64_t count) override;
  std::string device_name() const override { return name_; }
  std::string variant() const override;
  std::uint64_t preferred_batch() const override { return batch_; }
  const Sha256dTuning& tuning() const { return tuning_; }

 private:
  // One launch over [start, start + count), count <= max_launch_nonces().
  void launch(std::uint32_t start, std::uint64_t count, std::vector<std::uint32_t>& out);

  cl::Device dev_;
  Sha256dTuning tuning_;
  std::string name_;
  cl::Context ctx_;
  cl::Queue queue_;
  cl::Program prog_;
  cl::Kernel kernel_;
  cl::Buffer hits_;
  BlockHeader header_{};
  std::uint32_t target_hi_ = 0;
  std::uint64_t batch_ = 0;
};

inline constexpr std::uint32_t kMaxKernelHits = 1023;

}  // namespace hs
