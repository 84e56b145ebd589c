// The tuning cache file hashbench tune writes and every later run reads: sha256d and sgemm lines
// share one file, each writer keeps the other's lines, and a line the kernel cannot be built
// with is "not tuned", never a tuning handed to the engine (which would refuse it, exit 64).
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

#include "compute/sgemm_tune_cache.hpp"
#include "compute/sha256d_tuning.hpp"
#include "compute/tune_cache.hpp"

namespace {
struct TempCache {
  std::string path = (std::filesystem::temp_directory_path() /
                      ("hs-tune-cache-" + std::to_string(::getpid()) + ".csv")).string();
  ~TempCache() { std::remove(path.c_str()); }
  void write(const std::string& text) const { std::ofstream(path, std::ios::binary) << text; }
  std::string text() const {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
};
}  // namespace

TEST_CASE("sha256d tuning: the kernel's own limits", "[tune]") {
  CHECK_FALSE(hs::Sha256dTuning{}.problem());
  CHECK_FALSE((hs::Sha256dTuning{16, 4096, 256}.problem()));
  CHECK_FALSE((hs::Sha256dTuning{1, 1, 0}.problem()));
  CHECK(*hs::Sha256dTuning{3, 16, 0}.problem() == "vector width must be 1, 2, 4, 8 or 16, got 3");
  CHECK(*hs::Sha256dTuning{32, 16, 0}.problem() == "vector width must be 1, 2, 4, 8 or 16, got 32");
  CHECK(*hs::Sha256dTuning{8, 0, 0}.problem() == "nonces per item must be 1 to 4096, got 0");
  CHECK(*hs::Sha256dTuning{8, 4097, 0}.problem() == "nonces per item must be 1 to 4096, got 4097");
  CHECK(hs::Sha256dTuning{8, 16, 64}.text() == "vw=8 npi=16 ls=64");
  CHECK(hs::Sha256dTuning{4, 2, 0}.text() == "vw=4 npi=2 ls=auto");
}

TEST_CASE("tune cache: a written line reads back, and the key's commas do not split it", "[tune]") {
  TempCache c;
  const std::string key = "Portable Computing Language|cpu-x86,AVX2|PoCL 3.1, LLVM 15";
  hs::write_tune_cache(c.path, key, {{16, 32, 128}, 3.5e7});
  CHECK(c.text() == "Portable Computing Language|cpu-x86;AVX2|PoCL 3.1; LLVM 15,16,32,128,3.5e+07\n");
  const auto e = hs::read_tune_cache(c.path, key);
  REQUIRE(e);
  CHECK(e->tuning.vector_width == 16);
  CHECK(e->tuning.nonces_per_item == 32);
  CHECK(e->tuning.local_size == 128);
  CHECK(e->hashes_per_second == 3.5e7);
  CHECK_FALSE(hs::read_tune_cache(c.path, "another|device|driver"));
  CHECK_FALSE(hs::read_tune_cache(c.path + ".missing", key));
  CHECK_FALSE(hs::read_tune_cache("", key));
}

TEST_CASE("tune cache: each writer replaces its own line and keeps the others", "[tune]") {
  TempCache c;
  hs::write_tune_cache(c.path, "a|gpu|1", {{1, 64, 256}, 1e9});
  hs::sgemm::write_tune_cache(c.path, "a|gpu|1", {hs::sgemm::Params{}, 250.5});
  hs::write_tune_cache(c.path, "b|cpu|2", {{8, 16, 0}, 2e7});
  hs::write_tune_cache(c.path, "a|gpu|1", {{2, 32, 128}, 1.5e9});
  CHECK(c.text() == "sgemm;a|gpu|1,MWG=64 NWG=64 KWG=64 MWI=8 NWI=32 VW=16,250.5\n"
                    "b|cpu|2,8,16,0,2e+07\n"
                    "a|gpu|1,2,32,128,1.5e+09\n");
  REQUIRE(hs::read_tune_cache(c.path, "a|gpu|1"));
  CHECK(hs::read_tune_cache(c.path, "a|gpu|1")->tuning.vector_width == 2);
  const auto s = hs::sgemm::read_tune_cache(c.path, "a|gpu|1");
  REQUIRE(s);
  CHECK(s->gflops == 250.5);
  CHECK(s->params == hs::sgemm::Params{});
}

TEST_CASE("tune cache: a line the kernel cannot build with is not a tuning", "[tune]") {
  TempCache c;
  const char* damaged[] = {
      "k,3,16,0,1e7",                    // vector width 3
      "k,8,0,0,1e7",                     // no nonces per item
      "k,8,5000,0,1e7",                  // more than 4096
      "k,4294967304,16,0,1e7",           // 2^32 + 8: would narrow to 8
      "k,8,4294967312,0,1e7",            // 2^32 + 16
      "k,8,16,-1,1e7",                   // negative work-group size
      "k,8,16,0,0",                      // no rate
      "k,8,16,0,-5",                     // negative rate
      "k,8,16,0,nan",                    // not a number
      "k,8,16,0,inf",                    // not a measured rate
      "k,8,16,0",                        // a field short
      "k,8,16,0,1e7,extra",              // a field over
  };
  for (const char* line : damaged) {
    INFO(line);
    c.write(std::string(line) + "\n");
    CHECK_FALSE(hs::read_tune_cache(c.path, "k"));
  }
  // The first usable line for the key wins; damaged ones before it are passed over.
  c.write("k,3,16,0,1e7\nk,4,8,64,2e7\nk,8,16,0,3e7\n");
  const auto e = hs::read_tune_cache(c.path, "k");
  REQUIRE(e);
  CHECK(e->tuning.vector_width == 4);
  CHECK(e->hashes_per_second == 2e7);
}

TEST_CASE("sgemm tune cache: damaged lines and rates are skipped", "[tune]") {
  TempCache c;
  c.write("sgemm;k,MWG=64 MWI=6,300\n"        // MWG not a multiple of MWI
          "sgemm;k,MWG=64 NWG=64 KWG=64 MWI=8 NWI=32 VW=16,0\n"  // no rate
          "sgemm;k,MWG=64 NWG=64 KWG=64 MWI=8 NWI=32 VW=16,nan\n"  // not a number
          "sgemm;k,MWG=64 NWG=64 KWG=64 MWI=8 NWI=32 VW=16\n");   // no rate field
  CHECK_FALSE(hs::sgemm::read_tune_cache(c.path, "k"));
}
