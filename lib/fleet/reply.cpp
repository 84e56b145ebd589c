#include "fleet/reply.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace hs::fleet {

const nlohmann::json* Reply::first(std::string_view section) const {
  if (!body.is_object()) return nullptr;
  auto it = body.find(std::string(section));
  if (it == body.end() || !it->is_array() || it->empty() || !(*it)[0].is_object()) return nullptr;
  return &(*it)[0];
}

Reply parse_cgminer_reply(std::string_view bytes, std::string_view what) {
  Reply r;
  auto fail = [&](std::string why) {
    r.ok = false;
    r.error = std::string(what) + " reply: " + why;
    return r;
  };
  while (!bytes.empty()) {
    char c = bytes.back();
    if (c == '\0' || c == ' ' || c == '\n' || c == '\r' || c == '\t')
      bytes.remove_suffix(1);
    else
      break;
  }
  if (bytes.empty()) return fail("empty");
  // allow_exceptions = false: malformed input gives a discarded value, never a throw.
  auto j = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
  if (j.is_discarded()) return fail("not JSON");
  if (!j.is_object()) return fail("not a JSON object");
  r.body = std::move(j);
  const nlohmann::json* st = r.first("STATUS");
  if (!st) return fail("no STATUS array");
  auto s = st->find("STATUS");
  if (s == st->end() || !s->is_string()) return fail("STATUS has no STATUS letter");
  r.status = s->get<std::string>();
  if (auto c = st->find("Code"); c != st->end() && c->is_number_integer()) r.code = c->get<long>();
  if (auto m = st->find("Msg"); m != st->end() && m->is_string()) r.msg = m->get<std::string>();
  if (auto d = st->find("Description"); d != st->end() && d->is_string()) r.description = d->get<std::string>();
  if (r.status == "S" || r.status == "I") {
    r.ok = true;
    return r;
  }
  return fail("status " + r.status + (r.msg.empty() ? "" : ": " + r.msg));
}

std::string cgminer_request(std::string_view command, std::string_view parameter) {
  nlohmann::json j;
  j["command"] = std::string(command);
  if (!parameter.empty()) j["parameter"] = std::string(parameter);
  return j.dump();
}

std::optional<double> json_number(const nlohmann::json* obj, std::string_view key) {
  if (!obj || !obj->is_object()) return std::nullopt;
  auto it = obj->find(std::string(key));
  if (it == obj->end()) return std::nullopt;
  if (it->is_number()) {
    double v = it->get<double>();
    return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
  }
  if (it->is_string()) {
    const auto& s = it->get_ref<const std::string&>();
    double v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && p == s.data() + s.size() && !s.empty() && std::isfinite(v)) return v;
  }
  return std::nullopt;
}

SummaryData read_summary(const Reply& r) {
  SummaryData d;
  const auto* s = r.first("SUMMARY");
  if (!s) return d;
  if (auto g = json_number(s, "GHS 5s")) d.ths = *g / 1e3;
  else if (auto m = json_number(s, "MHS 5s")) d.ths = *m / 1e6;
  else if (auto a = json_number(s, "MHS av")) d.ths = *a / 1e6;
  if (auto e = json_number(s, "Hardware Errors")) d.hw_errors = static_cast<long long>(*e);
  return d;
}

std::optional<double> read_max_temperature(const Reply& r) {
  if (!r.body.is_object()) return std::nullopt;
  std::optional<double> best;
  auto scan = [&](const char* section, std::initializer_list<const char*> keys) {
    auto it = r.body.find(section);
    if (it == r.body.end() || !it->is_array()) return;
    for (const auto& d : *it)
      for (const char* k : keys) {
        auto v = json_number(&d, k);
        if (v && *v > 0 && (!best || *v > *best)) best = *v;
      }
  };
  scan("DEVS", {"Temperature", "TempMAX", "Chip Temp Max"});
  scan("TEMPS", {"Board", "Chip", "TopLeft", "TopRight", "BottomLeft", "BottomRight"});
  return best;
}

std::optional<double> read_watts(const Reply& r) {
  if (auto w = json_number(r.first("POWER"), "Watts")) return w;
  return json_number(r.first("TUNERSTATUS"), "ApproximateMinerPowerConsumption");
}

std::optional<std::string> read_session_id(const Reply& r) {
  const auto* s = r.first("SESSION");
  if (!s) return std::nullopt;
  auto it = s->find("SessionID");
  if (it == s->end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace hs::fleet
