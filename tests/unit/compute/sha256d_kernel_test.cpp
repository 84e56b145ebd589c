// kernels/sha256d.cl on the OpenCL device (PoCL in CI): mines real blocks over ranges that
// hold their nonces and agrees with the CPU reference nonce by nonce on loose targets.
// Each tuning is compiled once per test binary (PoCL compiles take seconds).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <map>
#include <memory>

#include "compute/sha256.hpp"
#include "compute/sha256d_cl.hpp"
#include "core/io.hpp"
#include "temp_cl_cache.hpp"

using namespace hs;

namespace {
std::string data_header(const char* name) { return read_whole_file(std::string(HS_TEST_DATA) + "/hashbench/" + name); }

ClSha256d& engine(int vw, int npi) {
  static std::map<std::pair<int, int>, std::unique_ptr<ClSha256d>> cache;
  auto& e = cache[{vw, npi}];
  if (!e) {
    hs::test::use_temp_cl_cache();
    e = std::make_unique<ClSha256d>(cl::select_device(""), Sha256dTuning{vw, npi, 0});
  }
  return *e;
}

void mine(ClSha256d& e, const char* file, std::uint32_t nonce, const char* hash, std::uint32_t half) {
  auto h = parse_header_hex(data_header(file));
  U256 target = bits_to_target(h.bits());
  e.set_header(h, target_hi(target));
  auto hits = verify_candidates(h, e.scan(nonce - half, 2ull * half), target);
  INFO(file << " with " << e.variant());
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].nonce == nonce);
  CHECK(display_hex(hits[0].hash) == hash);
  CHECK(hits[0].meets_block_target);
}
}  // namespace

TEST_CASE("OpenCL sha256d mines the genesis block and block 125552", "[opencl][sha256d]") {
  auto& e = engine(16, 16);
  mine(e, "genesis.hex", 2083236893u, "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f", 1000000);
  mine(e, "block125552.hex", 2504433986u, "00000000000000001e8d6829a8a21adc5d38d0a473b144b6765798e61f98bd1d", 1000000);
}

TEST_CASE("OpenCL sha256d agrees with the reference nonce by nonce", "[opencl][sha256d]") {
  auto g = parse_header_hex(data_header("block125552.hex"));
  auto& e = engine(16, 16);
  // Ranges that do not fill the last vector or work-item, and one ending at nonce 2^32 - 1.
  CHECK(check_engine(e, g, 12345, 10007).empty());
  CHECK(check_engine(e, g, 0xffffffffu - 4998u, 4999).empty());
  // Scalar and 4-wide variants of the same kernel.
  auto& e1 = engine(1, 4);
  CHECK(check_engine(e1, g, 777, 3001).empty());
  mine(e1, "genesis.hex", 2083236893u, "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f", 20000);
  auto& e4 = engine(4, 64);
  CHECK(check_engine(e4, g, 99999, 5003).empty());
}

TEST_CASE("More candidates than the hit buffer holds are not lost", "[opencl][sha256d]") {
  auto g = parse_header_hex(data_header("genesis.hex"));
  auto& e = engine(16, 16);
  e.set_header(g, 0xffffffffu);  // every nonce is a candidate
  auto c = e.scan(5000, 3000);
  CHECK(c.size() == 3000);  // > kMaxKernelHits: the launch is redone on the native path
}
