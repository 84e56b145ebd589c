// payout's blocks file (read_blocks: CSV or JSON Lines), as `payout split --blocks FILE` reads it.
// fuzz-link: hs_ledger
#include "fuzz_support.hpp"
#include "ledger/inputs.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static hs::fuzz::ScratchFile file(".csv");
  const std::string& path = file.write(hs::fuzz::as_text(data, size));
  hs::fuzz::refuse_only_with_data_errors([&] {
    for (const auto& b : hs::ledger::read_blocks(path)) (void)b.reward();
  });
  return 0;
}
