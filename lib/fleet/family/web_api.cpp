#include "fleet/family/web_api.hpp"

#include "core/parse.hpp"

namespace hs::fleet::webapi {

bool read_json(const Exchange& x, std::string_view what, nlohmann::json& out, std::string& error, int* status) {
  if (status) *status = 0;
  if (x.outcome != Outcome::answered) {
    error = std::string(what) + ": " + x.error;
    return false;
  }
  HttpResponse r;
  std::string why;
  if (!parse_http_response(x.reply, r, why)) {
    error = std::string(what) + " reply: " + why;
    return false;
  }
  if (status) *status = r.status;
  if (r.status < 200 || r.status > 299) {
    error = std::string(what) + " reply: HTTP " + std::to_string(r.status) + (r.reason.empty() ? "" : " " + r.reason);
    return false;
  }
  if (r.body.find_first_not_of(" \r\n\t") == std::string::npos) {
    out = nullptr;  // an empty 2xx answer (AxeOS's PATCH) is an acknowledgement
    return true;
  }
  out = nlohmann::json::parse(r.body.begin(), r.body.end(), nullptr, false);
  if (out.is_discarded()) {
    error = std::string(what) + " reply: not JSON (" + std::to_string(r.body.size()) + " bytes)";
    return false;
  }
  return true;
}

std::optional<double> number(const nlohmann::json& j, std::string_view key) {
  if (!j.is_object()) return std::nullopt;
  auto it = j.find(std::string(key));
  if (it == j.end()) return std::nullopt;
  if (it->is_number()) return it->get<double>();
  if (it->is_string()) return try_parse_double(it->get<std::string>());
  return std::nullopt;
}

std::optional<CommandStep> OneRequestChain::next() {
  while (at_ < actions_.size()) {
    const Action& a = *actions_[at_];
    Request r = step_(a);
    if (!r.error.empty()) {
      error_ = r.error;
      ++at_;
      continue;
    }
    what_ = r.method + " " + r.path;
    return CommandStep{http_request(r.method, host_, r.path, r.body), 0, what_, r.shown,
                       std::string(to_string(a.kind)), a.profile};
  }
  return std::nullopt;
}

bool OneRequestChain::answer(const Exchange& x) {
  nlohmann::json j;
  std::string why;
  bool ok = read_json(x, what_, j, why) && ok_(j, why);
  if (!ok) error_ = why;
  acked_[at_++] = ok;
  return ok;
}

}  // namespace hs::fleet::webapi
