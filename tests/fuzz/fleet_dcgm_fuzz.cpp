// The reader of dcgm-exporter's /metrics over arbitrary bytes must never throw, crash or read
// out of bounds: the bytes are whatever the GPU server's endpoint sent. The whole text and the
// same text fed one line at a time must agree. Seeds: small responses of the exporter's shape in
// corpus/fleet_dcgm/, written here (tests/data/fleet/gpu/make_dcgm_fixture.py has the larger one).
// fuzz-link: hs_fleet
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fleet/gpu/dcgm.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace G = hs::fleet::gpu;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto whole = G::parse_dcgm_metrics(text);
  G::DcgmMetricsReader reader;
  for (std::size_t at = 0; at <= text.size();) {
    const auto end = text.find('\n', at);
    if (end == std::string_view::npos) {
      if (at < text.size()) reader.line(text.substr(at));
      break;
    }
    reader.line(text.substr(at, end - at));
    at = end + 1;
  }
  const auto fed = reader.finish();
  if (whole.error != fed.error || whole.gpus.size() != fed.gpus.size()) std::abort();
  (void)whole.watts();
  (void)whole.limit_watts();
  (void)whole.hottest_c();
  return 0;
}
