// Every family's reader over arbitrary bytes must never throw, crash or read out of bounds: the
// bytes are whatever a machine sent (an HTTP response, a length-prefixed btminer v3 reply, a
// CGMiner reply, a gRPC message). Each family's read_telemetry gets the input as the answer to
// every one of its requests; the HTTP, digest and protobuf readers get it too. Seeds: small
// replies of each shape in corpus/fleet_wire/, written here from the documented shapes.
// fuzz-link: hs_fleet
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fleet/family.hpp"
#include "fleet/grpc.hpp"
#include "fleet/http.hpp"
#include "fleet/reply.hpp"
#include "fleet/telemetry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace F = hs::fleet;
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  F::HttpResponse h;
  std::string why;
  (void)F::parse_http_response(bytes, h, why);
  F::DigestChallenge c;
  if (F::parse_digest_challenge(bytes, c)) (void)F::digest_authorization("root", "root", "GET", "/", c, "0a4f113b");
  (void)F::pb::bytes_of(bytes, 1);
  (void)F::pb::varint_of(bytes, 2);
  (void)F::bracket_fields(bytes);
  const auto r = F::parse_cgminer_reply(bytes, "fuzz");
  (void)F::read_board_chip(r);
  (void)F::read_chain_stats(r);
  for (const auto& fam : F::families()) {
    F::Machine m;
    m.firmware = fam.firmware;
    m.host = "10.0.0.7";
    m.ths = 100;
    m.watts = 3000;
    auto xs = F::driver(fam.firmware).telemetry_requests(0, m);
    for (auto& x : xs) {
      x.outcome = F::Outcome::answered;
      x.reply = bytes;
    }
    F::Telemetry t;
    F::driver(fam.firmware).read_telemetry(m, xs.data(), xs.size(), t);
  }
  return 0;
}
