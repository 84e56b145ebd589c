#include "fleet/grpc.hpp"

#include <curl/curl.h>

#include <cctype>
#include <memory>

#include "fleet/curl_multi.hpp"

namespace hs::fleet {

namespace pb {

std::string varint(std::uint64_t v) {
  std::string out;
  do {
    unsigned char b = v & 0x7f;
    v >>= 7;
    if (v) b |= 0x80;
    out += static_cast<char>(b);
  } while (v);
  return out;
}
std::string field_varint(int field, std::uint64_t v) { return varint(static_cast<std::uint64_t>(field) << 3) + varint(v); }
std::string field_bytes(int field, std::string_view bytes) {
  return varint((static_cast<std::uint64_t>(field) << 3) | 2) + varint(bytes.size()) + std::string(bytes);
}

namespace {
bool read_varint(std::string_view& s, std::uint64_t& v) {
  v = 0;
  for (int shift = 0; shift < 64 && !s.empty(); shift += 7) {
    const auto b = static_cast<unsigned char>(s.front());
    s.remove_prefix(1);
    v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}
// Walks the fields; f(field, wire type, varint value, bytes) returns true to stop.
template <class F>
void walk(std::string_view s, F f) {
  while (!s.empty()) {
    std::uint64_t key = 0, v = 0;
    if (!read_varint(s, key)) return;
    const int field = static_cast<int>(key >> 3), type = static_cast<int>(key & 7);
    std::string_view bytes;
    if (type == 0) {
      if (!read_varint(s, v)) return;
    } else if (type == 2) {
      if (!read_varint(s, v) || v > s.size()) return;
      bytes = s.substr(0, v);
      s.remove_prefix(v);
    } else if (type == 1 || type == 5) {
      const std::size_t n = type == 1 ? 8 : 4;
      if (s.size() < n) return;
      s.remove_prefix(n);
    } else {
      return;  // groups: not in these messages
    }
    if (f(field, type, v, bytes)) return;
  }
}
}  // namespace

std::optional<std::string> bytes_of(std::string_view message, int field) {
  std::optional<std::string> out;
  walk(message, [&](int f, int type, std::uint64_t, std::string_view b) {
    if (f == field && type == 2) out = std::string(b);
    return out.has_value();
  });
  return out;
}

std::optional<std::uint64_t> varint_of(std::string_view message, int field) {
  std::optional<std::uint64_t> out;
  walk(message, [&](int f, int type, std::uint64_t v, std::string_view) {
    if (f == field && type == 0) out = v;
    return out.has_value();
  });
  return out;
}

}  // namespace pb

namespace {

struct Transfer {
  GrpcCall* call = nullptr;
  std::string body;    // the framed request
  std::string in;      // the framed response
  curl_slist* headers = nullptr;
  CURL* easy = nullptr;
  ~Transfer() {
    if (headers) curl_slist_free_all(headers);
    if (easy) curl_easy_cleanup(easy);
  }
};

std::size_t on_body(char* p, std::size_t size, std::size_t n, void* user) {
  static_cast<Transfer*>(user)->in.append(p, size * n);
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
    t->call->headers[name] = value;  // trailers arrive here too, after the body
  }
  return size * n;
}

// The 5-byte gRPC message prefix: compressed flag 0, then the length, big-endian.
std::string frame(std::string_view m) {
  std::string f(5, '\0');
  const auto n = static_cast<std::uint32_t>(m.size());
  f[1] = static_cast<char>(n >> 24);
  f[2] = static_cast<char>(n >> 16);
  f[3] = static_cast<char>(n >> 8);
  f[4] = static_cast<char>(n);
  return f + std::string(m);
}

void finish(Transfer& t, CURLcode code) {
  GrpcCall& c = *t.call;
  if (code != CURLE_OK) {
    c.error = curl_easy_strerror(code);
    return;
  }
  long http = 0;
  curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &http);
  c.answered = true;
  if (auto s = c.headers.find("grpc-status"); s != c.headers.end()) c.status = std::atoi(s->second.c_str());
  if (auto m = c.headers.find("grpc-message"); m != c.headers.end()) c.status_message = m->second;
  if (t.in.size() >= 5) {
    const auto* u = reinterpret_cast<const unsigned char*>(t.in.data());
    const std::size_t n = (std::size_t(u[1]) << 24) | (std::size_t(u[2]) << 16) | (std::size_t(u[3]) << 8) | u[4];
    if (u[0] != 0) c.error = "compressed gRPC message (not asked for)";
    else if (t.in.size() >= 5 + n) c.reply = t.in.substr(5, n);
    else c.error = "gRPC message cut short";
  }
  if (http != 200) c.error = "HTTP " + std::to_string(http);
  else if (c.status < 0) c.error = "no grpc-status";
  else if (c.status != 0)
    c.error = "grpc-status " + std::to_string(c.status) + (c.status_message.empty() ? "" : ": " + c.status_message);
}

}  // namespace

void run_grpc_calls(std::vector<GrpcCall>& calls, int connect_timeout_ms, int timeout_ms, std::size_t max_inflight) {
  static const bool init = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }();
  (void)init;
  std::unique_ptr<CURLM, decltype(&curl_multi_cleanup)> multi(curl_multi_init(), curl_multi_cleanup);
  curl_multi_setopt(multi.get(), CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(max_inflight ? max_inflight : 512));
  std::vector<std::unique_ptr<Transfer>> ts;
  for (auto& c : calls) {
    auto t = std::make_unique<Transfer>();
    t->call = &c;
    t->body = frame(c.message);
    t->easy = curl_easy_init();
    const std::string url = "http://" + c.host + ":" + std::to_string(c.port) + c.path;
    curl_easy_setopt(t->easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(t->easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
    curl_easy_setopt(t->easy, CURLOPT_POST, 1L);
    curl_easy_setopt(t->easy, CURLOPT_POSTFIELDS, t->body.data());
    curl_easy_setopt(t->easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(t->body.size()));
    t->headers = curl_slist_append(t->headers, "content-type: application/grpc");
    t->headers = curl_slist_append(t->headers, "te: trailers");
    for (const auto& [k, v] : c.metadata) t->headers = curl_slist_append(t->headers, (k + ": " + v).c_str());
    curl_easy_setopt(t->easy, CURLOPT_HTTPHEADER, t->headers);
    curl_easy_setopt(t->easy, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(t->easy, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(t->easy, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(t->easy, CURLOPT_HEADERDATA, t.get());
    curl_easy_setopt(t->easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_timeout_ms));
    curl_easy_setopt(t->easy, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms));
    curl_easy_setopt(t->easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(t->easy, CURLOPT_PROXY, "");  // the LAN, never a proxy from the environment
    curl_easy_setopt(t->easy, CURLOPT_PRIVATE, t.get());
    curl_multi_add_handle(multi.get(), t->easy);
    ts.push_back(std::move(t));
  }
  run_multi(multi.get(), [](void* t, int rc) { finish(*static_cast<Transfer*>(t), static_cast<CURLcode>(rc)); });
}

}  // namespace hs::fleet
