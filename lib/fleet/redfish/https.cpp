#include "fleet/redfish/https.hpp"

#include <curl/curl.h>

#include <cctype>
#include <memory>

#include "fleet/curl_multi.hpp"

namespace hs::fleet::redfish {

namespace {

struct Transfer {
  HttpCall* call = nullptr;
  curl_slist* headers = nullptr;
  CURL* easy = nullptr;
  char error[CURL_ERROR_SIZE] = {};
  ~Transfer() {
    if (headers) curl_slist_free_all(headers);
    if (easy) curl_easy_cleanup(easy);
  }
};

std::size_t on_body(char* p, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  // A BMC's answers are small, and a /metrics page of eight GPUs is a few hundred KiB: more
  // than 16 MiB is neither a Redfish resource nor dcgm-exporter's.
  if (t->call->reply.size() + size * n > (16u << 20)) return 0;
  t->call->reply.append(p, size * n);
  return size * n;
}

std::size_t on_header(char* p, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string line(p, size * n);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon), value = line.substr(colon + 1);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.erase(0, 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.pop_back();
    t->call->reply_headers[name] = value;
  }
  return size * n;
}

void finish(Transfer& t, CURLcode code) {
  HttpCall& c = *t.call;
  if (code != CURLE_OK) {
    // curl's own words name the TLS reason (unknown CA, pin mismatch, name mismatch).
    c.error = curl_easy_strerror(code);
    if (t.error[0]) c.error += std::string(": ") + t.error;
    c.tls_error = code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_SSL_PINNEDPUBKEYNOTMATCH ||
                  code == CURLE_SSL_CONNECT_ERROR || code == CURLE_SSL_CACERT_BADFILE || code == CURLE_SSL_CERTPROBLEM;
    return;
  }
  curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &c.status);
  c.answered = true;
}

}  // namespace

void run_http_calls(std::vector<HttpCall>& calls, const HttpOptions& opt) {
  Connections c;
  c.run(calls, opt);
}

Connections::Connections() {
  static const bool init = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }();
  (void)init;
  multi_ = curl_multi_init();
}

Connections::~Connections() { curl_multi_cleanup(static_cast<CURLM*>(multi_)); }

void Connections::run(std::vector<HttpCall>& calls, const HttpOptions& opt) {
  if (calls.empty()) return;
  struct Borrowed {
    CURLM* m;
    CURLM* get() const { return m; }
  } multi{static_cast<CURLM*>(multi_)};
  curl_multi_setopt(multi.get(), CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(opt.max_inflight ? opt.max_inflight : 512));
  // A BMC is a small computer: a few connections each, kept alive, rather than a sensor
  // list's worth of TLS handshakes at once.
  curl_multi_setopt(multi.get(), CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(opt.per_host));
  std::vector<std::unique_ptr<Transfer>> ts;
  for (auto& c : calls) {
    auto t = std::make_unique<Transfer>();
    t->call = &c;
    t->easy = curl_easy_init();
    CURL* e = t->easy;
    curl_easy_setopt(e, CURLOPT_URL, c.url.c_str());
    curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, c.method.c_str());
    if (c.method == "POST" || c.method == "PATCH") {
      curl_easy_setopt(e, CURLOPT_POSTFIELDS, c.body.c_str());
      curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, static_cast<long>(c.body.size()));
      t->headers = curl_slist_append(t->headers, "Content-Type: application/json");
    }
    t->headers = curl_slist_append(t->headers, ("Accept: " + c.accept).c_str());
    for (const auto& [k, v] : c.headers) t->headers = curl_slist_append(t->headers, (k + ": " + v).c_str());
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
    if (!c.basic_user.empty()) {
      curl_easy_setopt(e, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
      curl_easy_setopt(e, CURLOPT_USERNAME, c.basic_user.c_str());
      curl_easy_setopt(e, CURLOPT_PASSWORD, c.basic_password.c_str());
    }
    // Verification is never turned off: a CA file replaces the system's CAs; a pin alone stands
    // in for the chain of a self-signed BMC certificate, and is checked by curl either way.
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!c.tls.ca_file.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, c.tls.ca_file.c_str());
    if (!c.tls.pinned_key.empty()) {
      curl_easy_setopt(e, CURLOPT_PINNEDPUBLICKEY, c.tls.pinned_key.c_str());
      if (c.tls.ca_file.empty()) {
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
      }
    }
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(opt.connect_timeout_ms));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(opt.timeout_ms));
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PROXY, "");  // the BMC network, never a proxy from the environment
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
    curl_multi_add_handle(multi.get(), e);
    ts.push_back(std::move(t));
  }
  run_multi(multi.get(), [](void* t, int rc) { finish(*static_cast<Transfer*>(t), static_cast<CURLcode>(rc)); });
}

}  // namespace hs::fleet::redfish
