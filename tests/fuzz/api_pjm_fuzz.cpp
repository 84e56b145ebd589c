// PJM Data Miner 2 replies (market/api/pjm.hpp), with the feed read from the reply's own links
// and with each known feed given.
// fuzz-link: hs_market
#include "fuzz_support.hpp"
#include "market/api/pjm.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body = hs::fuzz::as_text(data, size);
  for (std::string_view feed : {"", "da_hrl_lmps", "rt_unverified_fivemin_lmps"})
    hs::fuzz::refuse_only_with_data_errors([&] { (void)hs::market::api::parse_pjm_reply(body, "fuzz", feed); });
  return 0;
}
