#pragma once
// HTTP(S) requests to many BMCs (and dcgm-exporters, over plain http) at once through libcurl's
// multi interface, each with its own deadline. TLS is always verified: against ca_file (the chain, and the server's IP in its
// certificate), against pinned_key (the server's public key, curl's CURLOPT_PINNEDPUBLICKEY), or
// both; with neither, against the system's CAs. A pin alone does not check the chain, since a
// BMC's certificate is self-signed: the pin is then the whole proof of who answers.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace hs::fleet::redfish {

struct Tls {
  std::string ca_file;     // PEM
  std::string pinned_key;  // "sha256//base64"
};

struct HttpCall {
  std::string method = "GET";  // GET, POST, PATCH, DELETE
  std::string url;             // scheme://ip:port/path, built from the inventory only
  std::string body;            // JSON, sent with Content-Type: application/json when not empty
  std::string accept = "application/json";     // dcgm-exporter: Prometheus text
  std::map<std::string, std::string> headers;  // OData-Version, X-Auth-Token, If-Match
  std::string basic_user, basic_password;      // HTTP basic when basic_user is not empty
  Tls tls;
  // Filled by run_http_calls:
  bool answered = false;  // an HTTP response came back (whatever its status)
  long status = 0;
  std::string reply;
  std::map<std::string, std::string> reply_headers;  // names lowercased
  std::string error;  // transport or TLS failure, with curl's reason
  bool tls_error = false;  // the connection was made but the certificate or key was refused
};

struct HttpOptions {
  int connect_timeout_ms = 2000;
  int timeout_ms = 5000;
  std::size_t max_inflight = 512;
  int per_host = 4;  // connections to one BMC at once
};

// Runs every call at once. A Connections object kept between rounds keeps the connections
// (and curl's CA cache) alive, so a walk of five rounds costs one TLS handshake per connection.
class Connections {
 public:
  Connections();
  ~Connections();
  Connections(const Connections&) = delete;
  Connections& operator=(const Connections&) = delete;
  void run(std::vector<HttpCall>& calls, const HttpOptions& opt);

 private:
  void* multi_;  // CURLM
};

void run_http_calls(std::vector<HttpCall>& calls, const HttpOptions& opt);

}  // namespace hs::fleet::redfish
