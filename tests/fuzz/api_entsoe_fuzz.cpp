// ENTSO-E Transparency REST replies (market/api/entsoe.hpp): A44 Publication_MarketDocument XML
// and Acknowledgement documents.
// fuzz-link: hs_market
#include "fuzz_support.hpp"
#include "market/api/entsoe.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body = hs::fuzz::as_text(data, size);
  hs::fuzz::refuse_only_with_data_errors([&] { (void)hs::market::api::parse_entsoe_reply(body, "fuzz"); });
  return 0;
}
