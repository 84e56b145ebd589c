#pragma once
// Time at the edges is ISO 8601 with an offset; inside, every instant is UTC (sys_seconds).
// Local market times are converted through the IANA database (date::tz), never by fixed
// offsets, so daylight-saving days come out right.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace hs {

using UtcTime = std::chrono::sys_seconds;
using LocalTime = std::chrono::local_seconds;

// Parses "2025-04-10T18:15:00Z", "...+02:00", "...-0500", "2025-04-10 18:15:00Z",
// fractional seconds (truncated to whole seconds) and a bare date "2025-04-10" (midnight UTC).
// A time without an offset is refused unless default_zone is given (then read as local).
std::optional<UtcTime> try_parse_iso8601(std::string_view text, std::string_view default_zone = {});
UtcTime parse_iso8601(std::string_view text, const Location& loc, std::string_view field,
                      std::string_view default_zone = {});

// "2025-04-10T18:15:00Z"
std::string format_iso8601_utc(UtcTime t);
// "2025-04-10T13:15:00-05:00" in the given IANA zone.
std::string format_iso8601_local(UtcTime t, std::string_view zone);

// Local wall time -> UTC in an IANA zone. For a repeated (fall-back) local time,
// `second_occurrence` picks the later instant. A time skipped by spring-forward is an error.
enum class LocalTimeStatus { unique, ambiguous, nonexistent };
LocalTimeStatus classify_local(LocalTime lt, std::string_view zone);
UtcTime local_to_utc(LocalTime lt, std::string_view zone, bool second_occurrence, const Location& loc,
                     std::string_view field);
LocalTime utc_to_local(UtcTime t, std::string_view zone);

// Civil date helpers.
LocalTime make_local(int year, unsigned month, unsigned day, int hour = 0, int minute = 0, int second = 0);
UtcTime make_utc(int year, unsigned month, unsigned day, int hour = 0, int minute = 0, int second = 0);

// Durations written as "5m", "15m", "1h", "1d", "90s"; returns seconds.
std::optional<std::chrono::seconds> try_parse_duration(std::string_view text);

}  // namespace hs
