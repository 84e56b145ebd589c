// CAISO OASIS SingleZip replies (market/api/caiso.hpp): a zip read in memory, its CSV member
// or its error XML.
// fuzz-link: hs_market
#include "fuzz_support.hpp"
#include "market/api/caiso.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body = hs::fuzz::as_text(data, size);
  hs::fuzz::refuse_only_with_data_errors([&] { (void)hs::market::api::parse_caiso_reply(body, "fuzz"); });
  return 0;
}
