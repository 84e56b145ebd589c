// parse_cgminer_reply and the readers over arbitrary bytes must never throw, crash or read
// out of bounds (a miner's answer is whatever came over TCP 4028). Seeds: the recorded and
// documented replies of tests/data/fleet, in corpus/fleet_reply/.
// fuzz-link: hs_fleet
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
