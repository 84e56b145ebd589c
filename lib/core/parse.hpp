#pragma once
// Strict text-to-value conversions for input fields. Each names the location and field on
// failure; none accepts trailing garbage, and surrounding spaces are allowed (markets pad).
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/error.hpp"

namespace hs {

std::string_view trim(std::string_view s);

double parse_double(std::string_view text, const Location& loc, std::string_view field);
std::int64_t parse_int64(std::string_view text, const Location& loc, std::string_view field);
std::uint64_t parse_uint64(std::string_view text, const Location& loc, std::string_view field);
bool parse_bool(std::string_view text, const Location& loc, std::string_view field);

// Non-throwing forms, for format detection and optional fields.
std::optional<double> try_parse_double(std::string_view text);
std::optional<std::int64_t> try_parse_int64(std::string_view text);

// Shortest text that reads back as the same double ("0.1", "1e+21", "-3").
std::string format_double(double value);
// Fixed number of decimals ("12.50"), for money figures meant for people.
std::string format_fixed(double value, int decimals);

}  // namespace hs
