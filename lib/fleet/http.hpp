#pragma once
// HTTP/1.1 over the fleet client's one-shot exchanges: a request with "Connection: close",
// the reply read to the miner's close, then parsed here. The miners' web APIs (stock Antminer
// cgi-bin, ePIC UMC, AxeOS) are small JSON endpoints on the LAN; one connection per request
// keeps them on the same epoll loop, deadlines and retries as the CGMiner API (10,000 machines,
// no thread per machine). Digest authentication (RFC 7616, MD5, qop=auth) is what stock
// Bitmain firmware asks for on its web interface.
#include <map>
#include <string>
#include <string_view>

namespace hs::fleet {

// Request bytes. host is "ip:port" (the Host header); body empty: no body headers.
std::string http_request(std::string_view method, std::string_view host, std::string_view path,
                         std::string_view body = {}, std::string_view content_type = "application/json",
                         std::string_view authorization = {});

struct HttpResponse {
  int status = 0;
  std::string reason;
  std::map<std::string, std::string> headers;  // names lowercased; a repeated header keeps the last
  std::string body;                            // de-chunked
};
// false (and why) when the bytes are not an HTTP/1.x response, or stop before the
// Content-Length or the last chunk.
bool parse_http_response(std::string_view bytes, HttpResponse& out, std::string& error);

struct DigestChallenge {
  std::string realm, nonce, opaque, qop, algorithm;
};
// From a WWW-Authenticate header value: false unless it is a Digest challenge with a nonce and
// (when an algorithm is named) MD5.
bool parse_digest_challenge(std::string_view header, DigestChallenge& out);
// The Authorization header value answering `c` for method and uri. cnonce: the client's nonce.
std::string digest_authorization(std::string_view user, std::string_view password, std::string_view method,
                                 std::string_view uri, const DigestChallenge& c, std::string_view cnonce,
                                 unsigned nonce_count = 1);

}  // namespace hs::fleet
