#pragma once
// What every reply parser in lib/market/api/ shares: one way to say that a body is not the
// shape expected (Error 65 naming the request, the item or element, and the field), reading
// JSON members with that message, and percent-encoding query values for the request builders.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/time.hpp"

namespace hs::market::api {

// "what: where: field 'field': expected E, got "G"" as Error(65). `where` is the item index or
// XML element ("items[3]", "TimeSeries[2]/Period/Point[7]"); empty parts are left out.
[[noreturn]] void bad_body(const std::string& what, std::string_view where, std::string_view field,
                           std::string_view expected, std::string_view got);
// The same without a got value: "what: where: field 'field': why".
[[noreturn]] void bad_body(const std::string& what, std::string_view where, std::string_view field,
                           std::string_view why);

// The body as JSON; not JSON (or truncated): Error(65) naming what and the byte offset.
nlohmann::json parse_json_body(std::string_view body, const std::string& what);

// A short text for a JSON value in a message: its dump, cut when long.
std::string json_got(const nlohmann::json& v);
// The JSON type name for "expected an object, got an array" style messages.
std::string_view json_type(const nlohmann::json& v);

// Members of an object (obj must be an object): missing or of the wrong type is Error(65).
const nlohmann::json& json_member(const nlohmann::json& obj, const char* key, const std::string& what,
                                  std::string_view where);
std::string json_string(const nlohmann::json& obj, const char* key, const std::string& what, std::string_view where);
double json_number(const nlohmann::json& obj, const char* key, const std::string& what, std::string_view where);
std::int64_t json_integer(const nlohmann::json& obj, const char* key, const std::string& what,
                          std::string_view where);
// An ISO 8601 text member; without an offset it is read in default_zone ("UTC" for PJM's
// datetime_beginning_utc); no default zone and no offset is an error.
UtcTime json_time(const nlohmann::json& obj, const char* key, const std::string& what, std::string_view where,
                  std::string_view default_zone = {});

// "items[3]"
std::string indexed(std::string_view name, std::size_t i);

// [from, to) cut into consecutive windows of at most max_len (the last one shorter), for APIs
// that limit how much one request may span (CAISO OASIS 31 days, ENTSO-E one year).
std::vector<std::pair<UtcTime, UtcTime>> split_windows(UtcTime from, UtcTime to, std::chrono::seconds max_len);

// RFC 3986 percent-encoding of a query value: everything but A-Z a-z 0-9 - . _ ~.
std::string url_encode(std::string_view value);

}  // namespace hs::market::api
