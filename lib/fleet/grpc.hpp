#pragma once
// Unary gRPC calls over cleartext HTTP/2 (prior knowledge, as Braiins OS+ serves its public API
// on port 50051), many at once through libcurl's multi interface (libcurl speaks HTTP/2
// through nghttp2, and hands the trailers that carry grpc-status to the header callback).
// The messages are small enough to write by hand (protobuf's wire format: varints and
// length-delimited fields, https://protobuf.dev/programming-guides/encoding/), so no
// generated code and no protobuf runtime is needed for three messages.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hs::fleet {

struct GrpcCall {
  std::string host;             // dotted IPv4 from the inventory
  std::uint16_t port = 0;
  std::string path;             // "/package.Service/Method"
  std::string message;          // the request message's protobuf bytes
  std::map<std::string, std::string> metadata;  // request headers (authorization)
  // Filled by run_grpc_calls:
  bool answered = false;        // an HTTP/2 response came back (whatever its grpc-status)
  int status = -1;              // grpc-status (0 OK); -1 none
  std::string status_message;   // grpc-message
  std::string reply;            // the response message's protobuf bytes
  std::map<std::string, std::string> headers;  // response headers and trailers, names lowercased
  std::string error;            // transport failure, or why the status is not OK
  bool ok() const { return answered && status == 0; }
};

// Runs every call at once (at most max_inflight connections), each with its own deadline.
void run_grpc_calls(std::vector<GrpcCall>& calls, int connect_timeout_ms, int timeout_ms, std::size_t max_inflight);

namespace pb {
std::string varint(std::uint64_t v);
std::string field_varint(int field, std::uint64_t v);
std::string field_bytes(int field, std::string_view bytes);  // strings and nested messages
// The first value of a field in a message: a length-delimited one's bytes, or a varint.
std::optional<std::string> bytes_of(std::string_view message, int field);
std::optional<std::uint64_t> varint_of(std::string_view message, int field);
}  // namespace pb

}  // namespace hs::fleet
