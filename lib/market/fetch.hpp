#pragma once
// Fetching over HTTP(S) with libcurl: connect and total timeouts, retries with exponential
// backoff on 429 and 5xx honouring Retry-After, an optional cache directory with conditional
// requests (ETag / Last-Modified), error pages (HTML or XML in place of data) reported as such,
// and bodies shorter than their Content-Length refused. Requests may carry headers and a POST
// form (API keys, token flows); every message shows the URL with its credentials redacted.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hs::market {

struct FetchOptions {
  long timeout_s = 60;  // whole transfer; also the limit while waiting for the first byte
  int retries = 4;      // extra attempts after the first on 429 / 5xx / connection failures
  std::string cache_dir;
  double backoff_s = 1.0;  // first wait; doubles each retry (Retry-After overrides)
  // API replies may be XML documents (ENTSO-E); only plain-file fetches refuse XML as an error page.
  bool accept_xml = false;
};

struct HttpRequest {
  std::string url;
  std::vector<std::string> headers;  // "Name: value"; never shown in any message
  std::optional<std::string> form;   // POST body, of content_type
  std::string content_type = "application/x-www-form-urlencoded";
  // Appended to the message of a 401/403, e.g. "set ERCOT_USERNAME and ERCOT_PASSWORD".
  std::string auth_hint;
  bool auth_on_400 = false;  // token endpoints answer bad credentials with 400
  // JSON-RPC (Bitcoin Core): an RPC error comes as HTTP 500 (404: unknown method) with a JSON
  // error body, the node's answer: returned as it is, not retried.
  bool json_rpc = false;
};

struct HttpResponse {
  long status = 0;
  std::string body;
  std::string content_type;
};

// The 2xx body of the request. 401/403: Error(77) with auth_hint; other 4xx and failures still
// there after the retries: Error(69); a timeout: Error(69) "timed out"; a truncated body:
// Error(65). Messages name redact_url(url).
HttpResponse http_fetch(const HttpRequest& req, const FetchOptions& opts);

// The body of url (GET, no headers); the plain-file input path.
std::string fetch_url(const std::string& url, const FetchOptions& opts);

// url with the values of credential query parameters (securityToken, token, key, api_key,
// subscription-key, password, ...) replaced by REDACTED, for messages and record sources.
std::string redact_url(std::string_view url);

// name=value&... with RFC 3986 percent-encoding (space as %20).
std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields);
std::string percent_encode(std::string_view s);
// RFC 4648 base64, for HTTP basic auth ("Authorization: Basic " + base64(user:password)).
std::string base64(std::string_view in);

}  // namespace hs::market
