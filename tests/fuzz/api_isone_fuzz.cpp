// ISO-NE web services replies (market/api/isone.hpp): the same body under the hourly LMP,
// five-minute LMP and hourly demand parsers.
// fuzz-link: hs_market
#include "fuzz_support.hpp"
#include "market/api/isone.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace a = hs::market::api;
  const std::string_view body = hs::fuzz::as_text(data, size);
  hs::fuzz::refuse_only_with_data_errors([&] { (void)a::parse_isone_hourly_lmp_reply(body, "fuzz", "da"); });
  hs::fuzz::refuse_only_with_data_errors([&] { (void)a::parse_isone_five_minute_lmp_reply(body, "fuzz"); });
  hs::fuzz::refuse_only_with_data_errors([&] { (void)a::parse_isone_hourly_demand_reply(body, "fuzz"); });
  return 0;
}
