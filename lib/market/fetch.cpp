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
#include "core/io.hpp"

namespace hs::market {

namespace {

struct Response {
  long status = 0;
  std::string body;
  std::string etag, last_modified, content_type;
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

bool looks_like_error_page(const Response& r) {
  std::string ct = r.content_type;
  for (auto& c : ct) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ct.find("text/html") != std::string::npos) return true;
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

std::string fetch_url(const std::string& url, const FetchOptions& opts) {
  static CurlGlobal global;
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
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) throw Error(exit_code::software, "curl_easy_init failed");
  double wait = opts.backoff_s;
  std::string last_problem;
  for (int attempt = 0; attempt <= opts.retries; ++attempt) {
    Response r;
    char errbuf[CURL_ERROR_SIZE] = {};
    CURL* c = curl.get();
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
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
    curl_slist* headers = nullptr;
    if (!etag.empty()) headers = curl_slist_append(headers, ("If-None-Match: " + etag).c_str());
    if (!last_modified.empty()) headers = curl_slist_append(headers, ("If-Modified-Since: " + last_modified).c_str());
    if (headers) curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(headers);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    if (rc == CURLE_PARTIAL_FILE)
      throw Error(exit_code::data, url + ": truncated body (the connection closed before all of it came)");
    if (rc == CURLE_OPERATION_TIMEDOUT)
      throw Error(exit_code::unavailable, url + ": timed out after " + std::to_string(opts.timeout_s) + " s");
    bool retry = false;
    if (rc != CURLE_OK) {
      last_problem = errbuf[0] ? errbuf : curl_easy_strerror(rc);
      retry = rc == CURLE_COULDNT_CONNECT || rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR ||
              rc == CURLE_GOT_NOTHING;
      if (!retry) throw Error(exit_code::unavailable, url + ": " + last_problem);
    } else if (r.status == 304 && !body_path.empty()) {
      note(url + ": not modified; using the cached copy");
      return read_file(body_path);
    } else if (r.status == 429 || r.status >= 500) {
      last_problem = "HTTP " + std::to_string(r.status);
      retry = true;
    } else if (r.status >= 400) {
      throw Error(exit_code::unavailable, url + ": HTTP " + std::to_string(r.status));
    } else {
      if (looks_like_error_page(r))
        throw Error(exit_code::unavailable, url + ": the server sent an HTML or XML page instead of data (" +
                                                 (r.content_type.empty() ? "no content type" : r.content_type) + ")");
      if (!body_path.empty() && (!r.etag.empty() || !r.last_modified.empty())) {
        write_file_atomically(body_path.string(), r.body);
        write_file_atomically(meta_path.string(), r.etag + "\n" + r.last_modified + "\n");
      }
      return std::move(r.body);
    }
    if (attempt == opts.retries) break;
    double delay = r.retry_after_s >= 0 ? r.retry_after_s : wait;
    warn(url + ": " + last_problem + "; retrying in " + std::to_string(static_cast<int>(delay + 0.5)) + " s");
    std::this_thread::sleep_for(std::chrono::duration<double>(delay));
    wait *= 2;
  }
  throw Error(exit_code::unavailable, url + ": " + last_problem + " after " + std::to_string(opts.retries + 1) +
                                          " attempts");
}

}  // namespace hs::market
