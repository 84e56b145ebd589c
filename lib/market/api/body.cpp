#include "market/api/body.hpp"

#include <algorithm>
#include <cmath>

#include "core/exit_codes.hpp"

namespace hs::market::api {

namespace {

std::string prefix(const std::string& what, std::string_view where, std::string_view field) {
  std::string s = what;
  if (!where.empty()) s += ": " + std::string(where);
  if (!field.empty()) s += ": field '" + std::string(field) + "'";
  return s;
}

}  // namespace

void bad_body(const std::string& what, std::string_view where, std::string_view field, std::string_view expected,
              std::string_view got) {
  throw Error(exit_code::data,
              prefix(what, where, field) + ": expected " + std::string(expected) + ", got " + quote_for_message(got));
}

void bad_body(const std::string& what, std::string_view where, std::string_view field, std::string_view why) {
  throw Error(exit_code::data, prefix(what, where, field) + ": " + std::string(why));
}

nlohmann::json parse_json_body(std::string_view body, const std::string& what) {
  try {
    return nlohmann::json::parse(body.begin(), body.end());
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is where the parser stopped: at the end for a truncated body.
    const bool at_end = e.byte >= body.size();
    throw Error(exit_code::data, what + ": reply is not " + (at_end ? "complete JSON (truncated?)" : "JSON") +
                                     " at byte " + std::to_string(e.byte) + " of " + std::to_string(body.size()));
  } catch (const nlohmann::json::exception& e) {
    // out_of_range 406: a number beyond a double ("3575e2015"), found by tests/fuzz/api_ercot.
    throw Error(exit_code::data, what + ": reply holds a value JSON cannot carry here (" + e.what() + ")");
  }
}

std::string json_got(const nlohmann::json& v) {
  std::string s = v.dump();
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

std::string_view json_type(const nlohmann::json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::object: return "an object";
    case nlohmann::json::value_t::array: return "an array";
    case nlohmann::json::value_t::string: return "a string";
    case nlohmann::json::value_t::boolean: return "a boolean";
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::discarded: return "nothing";
    default: return "a number";
  }
}

const nlohmann::json& json_member(const nlohmann::json& obj, const char* key, const std::string& what,
                                  std::string_view where) {
  auto it = obj.find(key);
  if (it == obj.end()) bad_body(what, where, key, "missing");
  return *it;
}

std::string json_string(const nlohmann::json& obj, const char* key, const std::string& what, std::string_view where) {
  const auto& v = json_member(obj, key, what, where);
  if (!v.is_string()) bad_body(what, where, key, "a string", json_got(v));
  return v.get<std::string>();
}

double json_number(const nlohmann::json& obj, const char* key, const std::string& what, std::string_view where) {
  const auto& v = json_member(obj, key, what, where);
  if (!v.is_number()) bad_body(what, where, key, "a number", json_got(v));
  const double d = v.get<double>();
  if (!std::isfinite(d)) bad_body(what, where, key, "a finite number", json_got(v));
  return d;
}

std::int64_t json_integer(const nlohmann::json& obj, const char* key, const std::string& what,
                          std::string_view where) {
  const auto& v = json_member(obj, key, what, where);
  if (!v.is_number_integer()) bad_body(what, where, key, "an integer", json_got(v));
  return v.get<std::int64_t>();
}

UtcTime json_time(const nlohmann::json& obj, const char* key, const std::string& what, std::string_view where,
                  std::string_view default_zone) {
  const std::string s = json_string(obj, key, what, where);
  auto t = try_parse_iso8601(s, default_zone);
  if (!t) bad_body(what, where, key, default_zone.empty() ? "an ISO 8601 time with an offset" : "an ISO 8601 time", s);
  return *t;
}

std::string indexed(std::string_view name, std::size_t i) { return std::string(name) + "[" + std::to_string(i) + "]"; }

std::vector<std::pair<UtcTime, UtcTime>> split_windows(UtcTime from, UtcTime to, std::chrono::seconds max_len) {
  std::vector<std::pair<UtcTime, UtcTime>> out;
  if (max_len.count() <= 0) return out;
  for (UtcTime s = from; s < to; s += max_len) out.emplace_back(s, std::min(to, s + max_len));
  return out;
}

std::string url_encode(std::string_view value) {
  static const char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace hs::market::api
