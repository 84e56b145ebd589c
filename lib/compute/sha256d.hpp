#pragma once
// sha256d scanning over Bitcoin block headers: the work shared by the OpenCL kernel and the
// native CPU path. An engine reports candidate nonces (hash top 32 bits <= target_hi);
// verify_candidates() re-hashes each on the CPU reference and keeps those meeting the target.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "compute/sha256.hpp"

namespace hs {

// What the kernel needs from a header, all nonce-independent (see kernels/sha256d.cl).
struct Sha256dPrecompute {
  std::uint32_t mid[8];  // midstate of bytes 0..63
  std::uint32_t pre[8];  // state after rounds 0-2 of chunk 2, with round 3's constant part in d and h
  std::uint32_t wc[4];   // W16, W17, W2 + s1(W16), s0(W4) + s1(W17)
};
Sha256dPrecompute precompute_sha256d(const BlockHeader& h);

// The most significant 32 bits of a target (limb 7).
inline std::uint32_t target_hi(const U256& t) { return t[7]; }

struct NonceHit {
  std::uint32_t nonce;
  sha256::Digest hash;
  bool meets_target;        // the scan target
  bool meets_block_target;  // the header's bits target
};

// Re-hashes candidates on the CPU; returns those meeting target, sorted by nonce.
std::vector<NonceHit> verify_candidates(const BlockHeader& h, std::vector<std::uint32_t> candidates,
                                        const U256& target);

class Sha256dEngine {
 public:
  virtual ~Sha256dEngine() = default;
  virtual void set_header(const BlockHeader& h, std::uint32_t target_hi) = 0;
  // Candidate nonces in [start, start + count) (start + count <= 2^32); every nonce whose
  // hash's top 32 bits are <= target_hi is among them.
  virtual std::vector<std::uint32_t> scan(std::uint32_t start, std::uint64_t count) = 0;
  virtual std::string device_name() const = 0;
  virtual std::string variant() const = 0;
  // A batch size that keeps the device busy for a good fraction of a second.
  virtual std::uint64_t preferred_batch() const = 0;
};

// Checks an engine against the CPU reference on `count` nonces from `start`, with a loose
// target (top word <= 0x0fffffff, about 1 nonce in 16): the candidate sets must be equal.
// Returns "" when they agree, else a description of the first difference.
std::string check_engine(Sha256dEngine& e, const BlockHeader& h, std::uint32_t start, std::uint32_t count);

}  // namespace hs
