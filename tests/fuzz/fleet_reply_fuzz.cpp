// libFuzzer target: parse_cgminer_reply and the readers over arbitrary bytes must never
// throw, crash or read out of bounds. Build with -DHS_FUZZ=ON (clang), then
//   build/fuzz/tests/fuzz_fleet_reply tests/data/fleet/ -max_total_time=60
// (the recorded replies in tests/data/fleet are the seed corpus).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fleet/reply.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto r = hs::fleet::parse_cgminer_reply(bytes, "fuzz");
  (void)hs::fleet::read_summary(r);
  (void)hs::fleet::read_max_temperature(r);
  (void)hs::fleet::read_watts(r);
  (void)hs::fleet::read_session_id(r);
  (void)r.first("CURTAIL");
  return 0;
}
