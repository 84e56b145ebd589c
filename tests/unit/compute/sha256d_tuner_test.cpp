// hashbench tune's coordinate search (lib/compute/sha256d_tuner), with a trial function in
// place of the device: which candidates it tries, in which order, and which it keeps.
#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compute/sha256d_tuner.hpp"

namespace {
// Every candidate handed to the trial, as "vw,npi,ls", and a made-up rate: the widths peak
// at 8, 256 nonces per item add 5, a work-group of 64 adds 1.
struct FakeDevice {
  std::vector<std::string> tried;
  std::map<int, double> width_rate{{1, 10}, {2, 20}, {4, 40}, {8, 80}, {16, 70}};
  std::optional<double> operator()(const hs::Sha256dTuning& t) {
    tried.push_back(std::to_string(t.vector_width) + "," + std::to_string(t.nonces_per_item) + "," +
                    std::to_string(t.local_size));
    return width_rate.at(t.vector_width) + (t.nonces_per_item == 256 ? 5 : 0) + (t.local_size == 64 ? 1 : 0);
  }
};
}  // namespace

TEST_CASE("sha256d tuner: widths, then nonces per item, then the work-group at the best so far", "[tuner]") {
  FakeDevice dev;
  // PoCL on AVX2: preferred int width 8, so every width up to 32 may be tried.
  const auto r = hs::tune_sha256d({}, {8, 4096}, std::ref(dev));
  CHECK(dev.tried == std::vector<std::string>{"1,16,0", "2,16,0", "4,16,0", "8,16,0", "16,16,0",  //
                                              "8,4,0", "8,64,0", "8,256,0", "8,1024,0",            //
                                              "8,256,16", "8,256,64", "8,256,256"});
  CHECK(r.trials == 12);
  CHECK(r.best.text() == "vw=8 npi=256 ls=64");
  CHECK(r.hashes_per_second == 86);
  CHECK(r.found());
}

TEST_CASE("sha256d tuner: a GPU skips wide vectors and work-groups past its limit", "[tuner]") {
  FakeDevice dev;
  // Preferred int width 1: widths past 4 are not tried; a 256 work-group exceeds 128.
  const auto r = hs::tune_sha256d({}, {1, 128}, std::ref(dev));
  CHECK(dev.tried == std::vector<std::string>{"1,16,0", "2,16,0", "4,16,0",                 //
                                              "4,4,0", "4,64,0", "4,256,0", "4,1024,0",  //
                                              "4,256,16", "4,256,64"});
  CHECK(r.trials == 9);
  CHECK(r.best.text() == "vw=4 npi=256 ls=64");
  CHECK(r.hashes_per_second == 46);
}

TEST_CASE("sha256d tuner: a wrong or cut-short trial never wins", "[tuner]") {
  FakeDevice dev;
  // vw=8 is the fastest but disagrees with the CPU reference: the search goes on from 16.
  auto wrong_at_8 = [&](const hs::Sha256dTuning& t) -> std::optional<double> {
    auto rate = dev(t);
    if (t.vector_width == 8) return std::nullopt;
    return rate;
  };
  const auto r = hs::tune_sha256d({}, {8, 4096}, wrong_at_8);
  CHECK(r.best.text() == "vw=16 npi=256 ls=64");
  CHECK(r.hashes_per_second == 76);

  // Nothing counts: no tuning found, and the later stages start from the defaults.
  FakeDevice none;
  const auto n = hs::tune_sha256d({}, {8, 4096}, [&](const hs::Sha256dTuning& t) -> std::optional<double> {
    none(t);
    return std::nullopt;
  });
  CHECK_FALSE(n.found());
  CHECK(n.best.text() == hs::Sha256dTuning{}.text());
  CHECK(none.tried.at(5) == "8,4,0");
  CHECK(none.tried.back() == "8,16,256");
}

TEST_CASE("sha256d tuner: the candidates are data, and a tie keeps the earlier one", "[tuner]") {
  hs::Sha256dTuneSpace space;
  space.vector_widths = {4, 1};
  space.nonces_per_item = {16, 32};  // 16 is the starting value: not tried twice
  space.local_sizes = {};
  std::vector<std::string> tried;
  const auto r = hs::tune_sha256d(space, {8, 4096}, [&](const hs::Sha256dTuning& t) -> std::optional<double> {
    tried.push_back(t.text());
    return 1.0;
  });
  CHECK(tried == std::vector<std::string>{"vw=4 npi=16 ls=auto", "vw=1 npi=16 ls=auto", "vw=4 npi=32 ls=auto"});
  CHECK(r.best.text() == "vw=4 npi=16 ls=auto");
}
