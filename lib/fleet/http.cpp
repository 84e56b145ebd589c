#include "fleet/http.hpp"

#include <cctype>
#include <cstdio>

#include "fleet/crypto.hpp"

namespace hs::fleet {

std::string http_request(std::string_view method, std::string_view host, std::string_view path, std::string_view body,
                         std::string_view content_type, std::string_view authorization) {
  std::string r;
  r.append(method).append(" ").append(path).append(" HTTP/1.1\r\nHost: ").append(host);
  r += "\r\nUser-Agent: hybridsite-fleet\r\nAccept: application/json\r\nConnection: close\r\n";
  if (!authorization.empty()) r.append("Authorization: ").append(authorization).append("\r\n");
  if (!body.empty() || method == "POST" || method == "PATCH") {
    r.append("Content-Type: ").append(content_type).append("\r\n");
    r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  r += "\r\n";
  r.append(body);
  return r;
}

namespace {

std::string lower(std::string_view s) {
  std::string o(s);
  for (auto& c : o) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return o;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool parse_http_response(std::string_view bytes, HttpResponse& out, std::string& error) {
  out = HttpResponse{};
  const auto head_end = bytes.find("\r\n\r\n");
  if (bytes.substr(0, 5) != "HTTP/" ) {
    error = "not an HTTP response";
    return false;
  }
  if (head_end == std::string_view::npos) {
    error = "HTTP response cut short in its headers (" + std::to_string(bytes.size()) + " bytes)";
    return false;
  }
  std::string_view head = bytes.substr(0, head_end);
  std::string_view rest = bytes.substr(head_end + 4);
  auto eol = head.find("\r\n");
  std::string_view status_line = head.substr(0, eol);
  auto sp = status_line.find(' ');
  if (sp == std::string_view::npos || status_line.size() < sp + 4) {
    error = "bad HTTP status line";
    return false;
  }
  int code = 0;
  for (std::size_t i = sp + 1; i < sp + 4; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(status_line[i]))) {
      error = "bad HTTP status line";
      return false;
    }
    code = code * 10 + (status_line[i] - '0');
  }
  out.status = code;
  out.reason = std::string(trim(status_line.substr(std::min(status_line.size(), sp + 4))));
  while (eol != std::string_view::npos) {
    head.remove_prefix(eol + 2);
    eol = head.find("\r\n");
    std::string_view line = head.substr(0, eol);
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    out.headers[lower(trim(line.substr(0, colon)))] = std::string(trim(line.substr(colon + 1)));
  }
  if (auto te = out.headers.find("transfer-encoding"); te != out.headers.end() && lower(te->second).find("chunked") != std::string::npos) {
    std::string body;
    for (;;) {
      auto le = rest.find("\r\n");
      if (le == std::string_view::npos) {
        error = "HTTP chunked body cut short";
        return false;
      }
      unsigned long n = 0;
      std::string size_text(rest.substr(0, le));
      if (std::sscanf(size_text.c_str(), "%lx", &n) != 1) {
        error = "bad HTTP chunk size";
        return false;
      }
      rest.remove_prefix(le + 2);
      if (n == 0) break;
      if (rest.size() < n) {
        error = "HTTP chunked body cut short";
        return false;
      }
      body.append(rest.substr(0, n));
      rest.remove_prefix(std::min<std::size_t>(rest.size(), n + 2));
    }
    out.body = std::move(body);
    return true;
  }
  if (auto cl = out.headers.find("content-length"); cl != out.headers.end()) {
    unsigned long n = 0;
    if (std::sscanf(cl->second.c_str(), "%lu", &n) != 1) {
      error = "bad Content-Length";
      return false;
    }
    if (rest.size() < n) {
      error = "HTTP body cut short: " + std::to_string(rest.size()) + " of " + std::to_string(n) + " bytes";
      return false;
    }
    out.body = std::string(rest.substr(0, n));
    return true;
  }
  out.body = std::string(rest);  // delimited by the close
  return true;
}

bool parse_digest_challenge(std::string_view header, DigestChallenge& out) {
  out = DigestChallenge{};
  std::string_view h = trim(header);
  if (lower(h.substr(0, 6)) != "digest") return false;
  h.remove_prefix(6);
  while (!h.empty()) {
    while (!h.empty() && (h.front() == ' ' || h.front() == ',')) h.remove_prefix(1);
    auto eq = h.find('=');
    if (eq == std::string_view::npos) break;
    std::string key = lower(trim(h.substr(0, eq)));
    h.remove_prefix(eq + 1);
    std::string value;
    if (!h.empty() && h.front() == '"') {
      h.remove_prefix(1);
      while (!h.empty() && h.front() != '"') {
        if (h.front() == '\\' && h.size() > 1) h.remove_prefix(1);
        value += h.front();
        h.remove_prefix(1);
      }
      if (!h.empty()) h.remove_prefix(1);
    } else {
      auto end = h.find(',');
      value = std::string(trim(h.substr(0, end)));
      h.remove_prefix(end == std::string_view::npos ? h.size() : end);
    }
    if (key == "realm") out.realm = value;
    else if (key == "nonce") out.nonce = value;
    else if (key == "opaque") out.opaque = value;
    else if (key == "qop") out.qop = value;
    else if (key == "algorithm") out.algorithm = value;
  }
  if (out.nonce.empty()) return false;
  return out.algorithm.empty() || lower(out.algorithm) == "md5";
}

std::string digest_authorization(std::string_view user, std::string_view password, std::string_view method,
                                 std::string_view uri, const DigestChallenge& c, std::string_view cnonce,
                                 unsigned nonce_count) {
  const std::string ha1 = md5_hex(std::string(user) + ":" + c.realm + ":" + std::string(password));
  const std::string ha2 = md5_hex(std::string(method) + ":" + std::string(uri));
  // qop may list several ("auth,auth-int"): take auth when offered.
  const bool qop_auth = c.qop.find("auth") != std::string::npos;
  char nc[9];
  std::snprintf(nc, sizeof nc, "%08x", nonce_count);
  const std::string response = qop_auth ? md5_hex(ha1 + ":" + c.nonce + ":" + nc + ":" + std::string(cnonce) + ":auth:" + ha2)
                                        : md5_hex(ha1 + ":" + c.nonce + ":" + ha2);
  std::string a = "Digest username=\"" + std::string(user) + "\", realm=\"" + c.realm + "\", nonce=\"" + c.nonce +
                  "\", uri=\"" + std::string(uri) + "\", algorithm=MD5, response=\"" + response + "\"";
  if (!c.opaque.empty()) a += ", opaque=\"" + c.opaque + "\"";
  if (qop_auth) a += ", qop=auth, nc=" + std::string(nc) + ", cnonce=\"" + std::string(cnonce) + "\"";
  return a;
}

}  // namespace hs::fleet
