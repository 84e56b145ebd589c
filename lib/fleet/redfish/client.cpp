#include "fleet/redfish/client.hpp"

#include "core/credentials.hpp"

namespace hs::fleet::redfish {

using nlohmann::json;

Login login_from(const Credentials& creds) {
  return {creds.require("redfish", "username", "HYBRIDSITE_REDFISH_USERNAME"),
          creds.require("redfish", "password", "HYBRIDSITE_REDFISH_PASSWORD")};
}

Client::Client(const Inventory& inv, std::vector<std::size_t> servers, Login login, HttpOptions http)
    : inv_(inv), servers_(std::move(servers)), login_(std::move(login)), http_(http), sessions_(servers_.size()) {}

Client::~Client() {
  try {
    logout();
  } catch (...) {  // a session left open times out on the BMC
  }
}

HttpCall Client::call(std::size_t k, const std::string& method, const std::string& path) const {
  const Server& s = server(k);
  HttpCall c;
  c.method = method;
  c.url = s.base_url() + path;
  c.headers["OData-Version"] = "4.0";
  c.tls = {s.ca_file, s.pinned_key};
  if (!s.session_auth) {
    c.basic_user = login_.username;
    c.basic_password = login_.password;
  } else if (!sessions_[k].token.empty()) {
    c.headers["X-Auth-Token"] = sessions_[k].token;
  }
  return c;
}

void Client::login() {
  std::vector<HttpCall> calls;
  std::vector<std::size_t> who;
  for (std::size_t k = 0; k < size(); ++k) {
    if (!server(k).session_auth || sessions_[k].tried) continue;
    sessions_[k].tried = true;
    HttpCall c = call(k, "POST", "/redfish/v1/SessionService/Sessions");
    c.body = json{{"UserName", login_.username}, {"Password", login_.password}}.dump();
    calls.push_back(std::move(c));
    who.push_back(k);
  }
  conns_->run(calls, http_);
  for (std::size_t n = 0; n < calls.size(); ++n) {
    Session& s = sessions_[who[n]];
    const HttpCall& c = calls[n];
    if (!c.answered) {
      s.error = c.tls_error ? "TLS: " + c.error : c.error;
      s.transport_error = !c.tls_error;
      continue;
    }
    auto token = c.reply_headers.find("x-auth-token");
    if (c.status < 200 || c.status >= 300 || token == c.reply_headers.end() || token->second.empty()) {
      s.error = "session login refused: " + bmc_message(c.status, c.reply);
      continue;
    }
    s.token = token->second;
    // The session to DELETE: Location (a path, or a URL on the same BMC), else the body's @odata.id.
    std::string loc;
    if (auto l = c.reply_headers.find("location"); l != c.reply_headers.end()) loc = l->second;
    if (auto p = loc.find("/redfish/v1"); p != std::string::npos) loc = loc.substr(p);
    else loc.clear();
    if (loc.empty()) {
      const json b = json::parse(c.reply, nullptr, false);
      if (b.is_object() && b.contains("@odata.id") && b["@odata.id"].is_string()) loc = b["@odata.id"].get<std::string>();
    }
    s.location = loc.rfind("/redfish/v1", 0) == 0 ? loc : std::string();
  }
}

void Client::logout() {
  std::vector<HttpCall> calls;
  for (std::size_t k = 0; k < size(); ++k) {
    if (sessions_[k].token.empty() || sessions_[k].location.empty()) continue;
    calls.push_back(call(k, "DELETE", sessions_[k].location));
    sessions_[k].token.clear();
  }
  conns_->run(calls, http_);
}

void Client::send(std::vector<Request>& requests) {
  login();
  std::vector<HttpCall> calls;
  std::vector<std::size_t> at;
  for (std::size_t n = 0; n < requests.size(); ++n) {
    Request& r = requests[n];
    if (server(r.server).session_auth && sessions_[r.server].token.empty()) {
      r.error = sessions_[r.server].error;
      continue;
    }
    HttpCall c = call(r.server, r.method, r.path);
    c.body = r.body;
    if (!r.if_match.empty()) c.headers["If-Match"] = r.if_match;
    calls.push_back(std::move(c));
    at.push_back(n);
  }
  conns_->run(calls, http_);
  for (std::size_t n = 0; n < calls.size(); ++n) {
    Request& r = requests[at[n]];
    r.answered = calls[n].answered;
    r.status = calls[n].status;
    r.reply = std::move(calls[n].reply);
    r.error = calls[n].error;
  }
}

std::vector<ServerRead> Client::read(const std::vector<bool>& only) {
  login();
  std::vector<Resources> got(size());
  std::vector<ServerRead> out(size());
  std::vector<bool> live(size(), true);
  for (std::size_t k = 0; k < size(); ++k)
    if (!only.empty() && !only[k]) {
      live[k] = false;
      out[k].state = "skipped";
    } else if (server(k).session_auth && sessions_[k].token.empty()) {
      live[k] = false;
      out[k].state = sessions_[k].transport_error ? "unreachable" : "error";
      out[k].error = sessions_[k].error;
    }
  // Rounds: each server's next paths all go out together; a walk is five or six rounds deep.
  for (int round = 0; round < 16; ++round) {
    std::vector<HttpCall> calls;
    std::vector<std::pair<std::size_t, std::string>> at;
    for (std::size_t k = 0; k < size(); ++k) {
      if (!live[k]) continue;
      for (const auto& p : wanted(server(k).chassis, got[k])) {
        calls.push_back(call(k, "GET", p));
        at.emplace_back(k, p);
      }
    }
    if (calls.empty()) break;
    conns_->run(calls, http_);
    for (std::size_t n = 0; n < calls.size(); ++n) {
      const auto& [k, p] = at[n];
      HttpCall& c = calls[n];
      Resource res;
      if (!c.answered) {
        // The first failure to connect ends this server's read: one dead BMC costs one timeout.
        live[k] = false;
        out[k].state = p == service_root && !c.tls_error ? "unreachable" : "error";
        out[k].error = "GET " + p + ": " + (c.tls_error ? "TLS: " : "") + c.error;
        continue;
      }
      res.status = c.status;
      if (c.status >= 200 && c.status < 300) {
        res.body = json::parse(c.reply, nullptr, false);
        if (res.body.is_discarded()) {
          res.body = json();
          res.error = "not JSON";
        }
        if (auto e = c.reply_headers.find("etag"); e != c.reply_headers.end()) res.etag = e->second;
        else if (res.body.is_object() && res.body.contains("@odata.etag") && res.body["@odata.etag"].is_string())
          res.etag = res.body["@odata.etag"].get<std::string>();
      } else if (c.status == 401 || c.status == 403) {
        live[k] = false;
        out[k].state = "error";
        out[k].error = "GET " + p + ": " + bmc_message(c.status, c.reply);
      }
      got[k][p] = std::move(res);
    }
  }
  for (std::size_t k = 0; k < size(); ++k) {
    if (!live[k]) continue;
    std::string why;
    const std::string chassis = chosen_chassis(server(k).chassis, got[k], &why);
    if (chassis.empty()) {
      const auto root = got[k].find(service_root);
      out[k].state = "error";
      out[k].error = root != got[k].end() && !root->second.ok() ? "GET " + service_root + ": HTTP " + std::to_string(root->second.status) : why;
      continue;
    }
    out[k].reading = redfish::read(server(k).chassis, got[k]);
    out[k].state = out[k].reading.power_state == "Off" ? "off" : "on";
    if (!out[k].reading.watts && out[k].state == "on") {
      out[k].state = "error";
      out[k].error = "chassis " + chassis + " reports no power reading (Power, EnvironmentMetrics, PowerSubsystem, Sensors)";
    }
  }
  return out;
}

}  // namespace hs::fleet::redfish
