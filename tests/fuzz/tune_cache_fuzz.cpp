// hashbench's tuning cache (CSV written by hashbench tune, read by every later run; a user
// can edit it, a crash can truncate it): both readers on the same file, for the key of its
// first line and for a key it does not hold. The promise: a cache never fails a run. A
// damaged line is "not tuned", so whatever a reader returns is a tuning the kernel can be
// built with and a positive rate, never one the engine would refuse later (exit 64).
// fuzz-link: hs_compute
#include <cstdio>
#include <cstdlib>
#include <string>

#include "compute/sgemm_tune_cache.hpp"
#include "compute/tune_cache.hpp"
#include "fuzz_support.hpp"

namespace {
void check_sha256d(const std::string& path, const std::string& key) {
  const auto e = hs::read_tune_cache(path, key);
  if (!e) return;
  if (auto why = e->tuning.problem()) {
    std::fprintf(stderr, "fuzz: sha256d cache handed out %s: %s\n", e->tuning.text().c_str(), why->c_str());
    std::abort();
  }
  if (!(e->hashes_per_second > 0)) std::abort();
}

void check_sgemm(const std::string& path, const std::string& key) {
  const auto e = hs::sgemm::read_tune_cache(path, key);
  if (!e) return;
  if (auto why = hs::sgemm::invalid_reason(e->params); !why.empty()) {
    std::fprintf(stderr, "fuzz: sgemm cache handed out %s: %s\n", e->params.to_string().c_str(), why.c_str());
    std::abort();
  }
  if (!(e->gflops > 0)) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static hs::fuzz::ScratchFile file(".csv");
  const std::string text(hs::fuzz::as_text(data, size));
  const std::string& path = file.write(text);
  // The first line's key, as each reader spells it: sha256d lines are "<key>,...", sgemm
  // lines "sgemm;<key>,...".
  std::string key = text.substr(0, text.find_first_of(",\n"));
  std::string sgemm_key = key.rfind("sgemm;", 0) == 0 ? key.substr(6) : key;
  try {
    check_sha256d(path, key);
    check_sha256d(path, "not-in-the-file");
    check_sgemm(path, sgemm_key);
    check_sgemm(path, "not-in-the-file");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz: a tuning cache reader threw: %s\n", e.what());
    std::abort();
  }
  return 0;
}
