#include "compute/sha256d_cl.hpp"

#include <algorithm>

#include "compute/sha256_native.hpp"

namespace hs {

ClSha256d::ClSha256d(const cl::Device& dev, const Sha256dTuning& tuning) : dev_(dev), tuning_(tuning) {
  if (auto problem = tuning.problem()) throw_usage(*problem);
  const int vw = tuning.vector_width;
  auto info = dev.info();
  name_ = info.name;
  if (tuning.local_size > info.max_work_group_size)
    throw_usage("work-group size " + std::to_string(tuning.local_size) + " exceeds the device's limit " +
                std::to_string(info.max_work_group_size));
  ctx_ = cl::Context(dev);
  queue_ = cl::Queue(ctx_, dev);
  std::string opts = "-cl-std=CL1.2 -DVW=" + std::to_string(vw) + " -DNPI=" + std::to_string(tuning.nonces_per_item) +
                     " -DMAX_HITS=" + std::to_string(kMaxKernelHits);
  prog_ = cl::Program::from_embedded(ctx_, dev, "sha256d.cl", opts);
  kernel_ = cl::Kernel(prog_, "sha256d_scan");
  hits_ = cl::Buffer(ctx_, CL_MEM_READ_WRITE, (kMaxKernelHits + 1) * sizeof(cl_uint));
  // Enough work-items to fill every compute unit many times over, a multiple of the group size.
  std::uint64_t per_item = static_cast<std::uint64_t>(vw) * static_cast<std::uint64_t>(tuning.nonces_per_item);
  std::uint64_t items = std::max<std::uint64_t>(1, (1ull << 22) / per_item);
  if (info.type == "gpu") items = std::max<std::uint64_t>(items, 1ull << 20);
  std::uint64_t ls = tuning.local_size ? tuning.local_size : 64;
  items = (items + ls - 1) / ls * ls;
  batch_ = std::min<std::uint64_t>(items * per_item, 1ull << 31);
}

std::string ClSha256d::variant() const { return "opencl " + tuning_.text(); }

void ClSha256d::set_header(const BlockHeader& h, std::uint32_t target_hi) {
  header_ = h;
  target_hi_ = target_hi;
  auto p = precompute_sha256d(h);
  cl_uint8 mid, pre;
  cl_uint4 wc;
  for (int i = 0; i < 8; ++i) {
    mid.s[i] = p.mid[i];
    pre.s[i] = p.pre[i];
  }
  for (int i = 0; i < 4; ++i) wc.s[i] = p.wc[i];
  kernel_.set_arg(0, mid);
  kernel_.set_arg(1, pre);
  kernel_.set_arg(2, wc);
  kernel_.set_arg(5, cl_uint(target_hi));
  kernel_.set_arg(6, hits_);
}

void ClSha256d::launch(std::uint32_t start, std::uint64_t count, std::vector<std::uint32_t>& out) {
  std::uint64_t per_item =
      static_cast<std::uint64_t>(tuning_.vector_width) * static_cast<std::uint64_t>(tuning_.nonces_per_item);
  std::uint64_t items = (count + per_item - 1) / per_item;
  std::vector<std::size_t> local;
  if (tuning_.local_size) {
    items = (items + tuning_.local_size - 1) / tuning_.local_size * tuning_.local_size;
    local = {tuning_.local_size};
  }
  cl_uint zero = 0;
  queue_.write(hits_, &zero, sizeof zero);
  kernel_.set_arg(3, cl_uint(start));
  kernel_.set_arg(4, cl_uint(count));
  queue_.run(kernel_, {static_cast<std::size_t>(items)}, local);
  std::vector<cl_uint> buf(kMaxKernelHits + 1);
  queue_.read(hits_, buf.data(), buf.size() * sizeof(cl_uint));
  std::uint32_t n = buf[0];
  if (n > kMaxKernelHits) {
    // More candidates than the buffer holds (a very easy target): redo this launch on the
    // native path rather than lose any.
    NativeSha256d native(0);
    native.set_header(header_, target_hi_);
    auto all = native.scan(start, count);
    out.insert(out.end(), all.begin(), all.end());
    return;
  }
  out.insert(out.end(), buf.begin() + 1, buf.begin() + 1 + n);
}

std::vector<std::uint32_t> ClSha256d::scan(std::uint32_t start, std::uint64_t count) {
  std::vector<std::uint32_t> out;
  std::uint64_t pos = start;
  std::uint64_t end = static_cast<std::uint64_t>(start) + count;
  if (end > (1ull << 32)) throw_usage("nonce range passes 2^32");
  while (pos < end) {
    std::uint64_t n = std::min<std::uint64_t>(end - pos, batch_);
    launch(static_cast<std::uint32_t>(pos), n, out);
    pos += n;
  }
  return out;
}

}  // namespace hs
