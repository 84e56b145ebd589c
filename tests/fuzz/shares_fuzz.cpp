// payout's share log (ShareReader over ShareScanner's worker threads: CSV or JSON Lines), read
// as shares and as contributions, as `payout split --shares FILE` reads it.
// fuzz-link: hs_ledger
#include "fuzz_support.hpp"
#include "ledger/inputs.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static hs::fuzz::ScratchFile file(".csv");
  const std::string& path = file.write(hs::fuzz::as_text(data, size));
  for (bool contributions : {false, true}) {
    hs::fuzz::refuse_only_with_data_errors([&] {
      hs::ledger::AccountTable accounts;
      hs::ledger::ShareReader reader(path, accounts, contributions);
      hs::ledger::Share s;
      while (reader.next(s)) {
        if (s.difficulty == 0) std::abort();  // the reader promises a positive difficulty
        (void)accounts.name(s.account);
      }
    });
  }
  return 0;
}
