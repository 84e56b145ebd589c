// ERCOT Public API replies (market/api/ercot.hpp): the body of a data page under every product's
// parser, and the token endpoint's reply. A reply comes from the network, so anything may be in it.
// fuzz-link: hs_market
#include "fuzz_support.hpp"
#include "market/api/ercot.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace e = hs::market::api::ercot;
  const std::string_view body = hs::fuzz::as_text(data, size);
  for (const auto& p : e::products())
    hs::fuzz::refuse_only_with_data_errors([&] { (void)e::parse_reply(body, p.product, "fuzz"); });
  hs::fuzz::refuse_only_with_data_errors([&] { (void)e::parse_token(body, "fuzz"); });
  return 0;
}
