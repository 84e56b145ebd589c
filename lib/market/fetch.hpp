#pragma once
// Fetching an input over HTTP(S) with libcurl: connect and total timeouts, retries with
// exponential backoff on 429 and 5xx honouring Retry-After, an optional cache directory with
// conditional requests (ETag / Last-Modified), and error pages (HTML or XML in place of data)
// reported as such.
#include <string>

namespace hs::market {

struct FetchOptions {
  long timeout_s = 60;  // whole transfer; also the limit while waiting for the first byte
  int retries = 4;      // extra attempts after the first on 429 / 5xx / connection failures
  std::string cache_dir;
  double backoff_s = 1.0;  // first wait; doubles each retry (Retry-After overrides)
};

// The body of url. Unreachable or still failing after retries: Error(69); a truncated body or
// an error page: Error(65) / Error(69) naming the URL.
std::string fetch_url(const std::string& url, const FetchOptions& opts);

}  // namespace hs::market
