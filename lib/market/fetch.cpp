#include "market/fetch.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include "core/cli.hpp"
#include "core/error.hpp"
#include "core/metrics.hpp"
#include "core/io.hpp"

namespace hs::market {

namespace {

struct Response {
  long status = 0;
  std::string body;
  std::string etag, last_modified, content_type, content_encoding;
  long long content_length = -1;
  double retry_after_s = -1;
};

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  static_cast<Response*>(user)->body.append(data, size * n);
  return size * n;
}

std::string header_value(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || line[name.size()] != ':') return {};
  for (std::size_t i = 0; i < name.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return {};
  auto v = line.substr(name.size() + 1);
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) v.remove_suffix(1);
  return std::string(v);
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  auto* r = static_cast<Response*>(user);
  std::string_view line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) *r = Response{};  // a new response (after a redirect)
  if (auto v = header_value(line, "etag"); !v.empty()) r->etag = v;
  if (auto v = header_value(line, "last-modified"); !v.empty()) r->last_modified = v;
  if (auto v = header_value(line, "content-type"); !v.empty()) r->content_type = v;
  if (auto v = header_value(line, "content-encoding"); !v.empty()) r->content_encoding = v;
  if (auto v = header_value(line, "content-length"); !v.empty()) r->content_length = std::atoll(v.c_str());
  if (auto v = header_value(line, "retry-after"); !v.empty()) {
    // Seconds, or an HTTP date (then: the time until it).
    char* end = nullptr;
    double secs = std::strtod(v.c_str(), &end);
    if (end && *end == '\0') r->retry_after_s = secs;
    else if (auto when = curl_getdate(v.c_str(), nullptr); when > 0)
      r->retry_after_s = std::max<double>(0, static_cast<double>(when - std::time(nullptr)));
  }
  return size * n;
}

// Cache entry names: a hash of the URL, so any URL maps to a plain file name.
std::string cache_key(const std::string& url) {
  return std::to_string(std::hash<std::string>{}(url));
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool looks_like_error_page(const Response& r, bool accept_xml) {
  std::string ct = r.content_type;
  for (auto& c : ct) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ct.find("text/html") != std::string::npos) return true;
  if (accept_xml) {
    std::string_view b(r.body);
    while (!b.empty() && std::isspace(static_cast<unsigned char>(b.front()))) b.remove_prefix(1);
    std::string head(b.substr(0, 64));
    for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return head.rfind("<!doctype html", 0) == 0 || head.rfind("<html", 0) == 0;
  }
  std::string_view b(r.body);
  while (!b.empty() && std::isspace(static_cast<unsigned char>(b.front()))) b.remove_prefix(1);
  std::string head(b.substr(0, 64));
  for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return head.rfind("<!doctype html", 0) == 0 || head.rfind("<html", 0) == 0 || head.rfind("<?xml", 0) == 0;
}

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~CurlGlobal() { curl_global_cleanup(); }
};

}  // namespace

namespace {

bool is_credential_param(std::string_view name) {
  std::string n(name);
  for (auto& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const char* names[] = {"securitytoken", "token", "key", "apikey", "api_key", "subscription-key",
                                "subscription_key", "password", "access_token", "id_token", "secret"};
  for (auto* k : names)
    if (n == k) return true;
  return false;
}

}  // namespace

std::string redact_url(std::string_view url) {
  auto q = url.find('?');
  if (q == std::string_view::npos) return std::string(url);
  std::string out(url.substr(0, q + 1));
  auto rest = url.substr(q + 1);
  std::string_view fragment;
  if (auto h = rest.find('#'); h != std::string_view::npos) fragment = rest.substr(h), rest = rest.substr(0, h);
  bool first = true;
  while (true) {
    auto amp = rest.find('&');
    auto part = rest.substr(0, amp);
    if (!first) out += '&';
    first = false;
    auto eq = part.find('=');
    if (eq != std::string_view::npos && is_credential_param(part.substr(0, eq)))
      out += std::string(part.substr(0, eq)) + "=REDACTED";
    else
      out += part;
    if (amp == std::string_view::npos) break;
    rest = rest.substr(amp + 1);
  }
  out += fragment;
  return out;
}

std::string percent_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
    else out += '%', out += hex[c >> 4], out += hex[c & 15];
  }
  return out;
}

std::string base64(std::string_view in) {
  static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    out += t[v >> 18], out += t[(v >> 12) & 63], out += t[(v >> 6) & 63], out += t[v & 63];
  }
  if (i + 1 == in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += t[v >> 18], out += t[(v >> 12) & 63], out += "==";
  } else if (i + 2 == in.size()) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += t[v >> 18], out += t[(v >> 12) & 63], out += t[(v >> 6) & 63], out += '=';
  }
  return out;
}

std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) out += (out.empty() ? "" : "&") + percent_encode(k) + "=" + percent_encode(v);
  return out;
}

namespace {

// --metrics: requests, failures and time per host (the URL's host and port, no credentials).
void count_request(CURL* c, const std::string& url, bool failed) {
  if (!metrics::enabled()) return;
  std::string host = url.substr(url.find("://") == std::string::npos ? 0 : url.find("://") + 3);
  host = host.substr(0, host.find_first_of("/?#"));
  if (auto at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);
  double seconds = 0;
  curl_easy_getinfo(c, CURLINFO_TOTAL_TIME, &seconds);
  const metrics::Labels l{{"host", host}};
  metrics::add("http_requests", "HTTP requests the last run sent, retries included.", 1, l);
  metrics::add("http_errors", "HTTP requests of the last run that failed: no answer, or status 400 and above.", failed ? 1 : 0, l);
  metrics::add("http_request_seconds", "Seconds the last run's HTTP requests took, summed.", seconds, l);
}

// One request with retries; `cache` (may be empty) holds the conditional-request state.
HttpResponse perform(const HttpRequest& req, const FetchOptions& opts, const std::filesystem::path& body_path,
                     const std::filesystem::path& meta_path, const std::string& etag,
                     const std::string& last_modified) {
  static CurlGlobal global;
  const std::string shown = redact_url(req.url);
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) throw Error(exit_code::software, "curl_easy_init failed");
  double wait = opts.backoff_s;
  std::string last_problem;
  for (int attempt = 0; attempt <= opts.retries; ++attempt) {
    Response r;
    char errbuf[CURL_ERROR_SIZE] = {};
    CURL* c = curl.get();
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, req.url.c_str());
    // A request with credentials in headers is not followed elsewhere: a redirect could hand a
    // subscription key to another host.
    const bool carries_credentials = !req.headers.empty() || req.form.has_value();
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, carries_credentials ? 0L : 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, std::min(opts.timeout_s, 30L));
    curl_easy_setopt(c, CURLOPT_TIMEOUT, opts.timeout_s);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // gzip/deflate if the server offers
    curl_easy_setopt(c, CURLOPT_USERAGENT, "powerfeed (hybridsite)");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &r);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    if (req.form) {
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, req.form->c_str());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.form->size()));
    }
    curl_slist* headers = nullptr;
    for (const auto& h : req.headers) headers = curl_slist_append(headers, h.c_str());
    if (req.form) headers = curl_slist_append(headers, ("Content-Type: " + req.content_type).c_str());
    if (!etag.empty()) headers = curl_slist_append(headers, ("If-None-Match: " + etag).c_str());
    if (!last_modified.empty()) headers = curl_slist_append(headers, ("If-Modified-Since: " + last_modified).c_str());
    if (headers) curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(headers);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    count_request(c, req.url, rc != CURLE_OK || r.status >= 400);
    if (rc == CURLE_PARTIAL_FILE)
      throw Error(exit_code::data, shown + ": truncated body (the connection closed before all of it came)");
    if (rc == CURLE_OPERATION_TIMEDOUT)
      throw Error(exit_code::unavailable, shown + ": timed out after " + std::to_string(opts.timeout_s) +
                                              " s (no complete answer; see --timeout)");
    bool retry = false;
    if (rc != CURLE_OK) {
      last_problem = errbuf[0] ? errbuf : curl_easy_strerror(rc);
      retry = rc == CURLE_COULDNT_CONNECT || rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR ||
              rc == CURLE_GOT_NOTHING;
      if (!retry) throw Error(exit_code::unavailable, shown + ": " + last_problem);
    } else if (r.status == 304 && !body_path.empty()) {
      note(shown + ": not modified; using the cached copy");
      return {200, read_file(body_path), r.content_type};
    } else if (req.json_rpc && (r.status == 500 || r.status == 404) && r.body.find("\"error\"") != std::string::npos) {
      return {r.status, std::move(r.body), r.content_type};
    } else if (r.status == 429 || r.status >= 500) {
      last_problem = "HTTP " + std::to_string(r.status);
      retry = true;
    } else if (r.status == 401 || r.status == 403 || (r.status == 400 && req.auth_on_400)) {
      throw Error(exit_code::no_perm, shown + ": HTTP " + std::to_string(r.status) + ": credentials refused" +
                                          (req.auth_hint.empty() ? "" : "; " + req.auth_hint));
    } else if (r.status >= 400) {
      throw Error(exit_code::unavailable, shown + ": HTTP " + std::to_string(r.status));
    } else if (r.status >= 300) {
      throw Error(exit_code::unavailable, shown + ": HTTP " + std::to_string(r.status) +
                                              ": redirected; not followed with credentials (see --base-url)");
    } else {
      // Without a content coding the body must be as long as the server said.
      if (r.content_length >= 0 && r.content_encoding.empty() &&
          static_cast<long long>(r.body.size()) != r.content_length)
        throw Error(exit_code::data, shown + ": truncated body (" + std::to_string(r.body.size()) + " of " +
                                         std::to_string(r.content_length) + " bytes)");
      if (looks_like_error_page(r, opts.accept_xml))
        throw Error(exit_code::unavailable, shown + ": the server sent an HTML or XML page instead of data (" +
                                                (r.content_type.empty() ? "no content type" : r.content_type) + ")");
      if (!body_path.empty() && (!r.etag.empty() || !r.last_modified.empty())) {
        write_file_atomically(body_path.string(), r.body);
        write_file_atomically(meta_path.string(), r.etag + "\n" + r.last_modified + "\n");
      }
      return {r.status, std::move(r.body), r.content_type};
    }
    if (attempt == opts.retries) break;
    double delay = r.retry_after_s >= 0 ? r.retry_after_s : wait;
    warn(shown + ": " + last_problem + "; retrying in " + std::to_string(static_cast<int>(delay + 0.5)) + " s");
    std::this_thread::sleep_for(std::chrono::duration<double>(delay));
    wait *= 2;
  }
  throw Error(exit_code::unavailable, shown + ": " + last_problem + " after " + std::to_string(opts.retries + 1) +
                                          " attempts");
}

}  // namespace

HttpResponse http_fetch(const HttpRequest& req, const FetchOptions& opts) {
  return perform(req, opts, {}, {}, {}, {});
}

std::string fetch_url(const std::string& url, const FetchOptions& opts) {
  std::filesystem::path body_path, meta_path;
  std::string etag, last_modified;
  if (!opts.cache_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(opts.cache_dir, ec);
    if (ec) throw Error(exit_code::cant_create, "--cache " + opts.cache_dir + ": " + ec.message());
    body_path = std::filesystem::path(opts.cache_dir) / (cache_key(url) + ".body");
    meta_path = std::filesystem::path(opts.cache_dir) / (cache_key(url) + ".meta");
    if (std::filesystem::exists(body_path) && std::filesystem::exists(meta_path)) {
      std::istringstream meta(read_file(meta_path));
      std::getline(meta, etag);
      std::getline(meta, last_modified);
    }
  }
  HttpRequest req;
  req.url = url;
  return perform(req, opts, body_path, meta_path, etag, last_modified).body;
}

}  // namespace hs::market
