#include "core/parse.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>

namespace hs {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::optional<double> try_parse_double(std::string_view text) {
  auto t = trim(text);
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  if (t.empty()) return std::nullopt;
  double v = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || ptr != t.data() + t.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<std::int64_t> try_parse_int64(std::string_view text) {
  auto t = trim(text);
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  if (t.empty()) return std::nullopt;
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || ptr != t.data() + t.size()) return std::nullopt;
  return v;
}

double parse_double(std::string_view text, const Location& loc, std::string_view field) {
  if (auto v = try_parse_double(text)) return *v;
  throw_expected(loc, field, "a number", text);
}

std::int64_t parse_int64(std::string_view text, const Location& loc, std::string_view field) {
  if (auto v = try_parse_int64(text)) return *v;
  throw_expected(loc, field, "an integer", text);
}

std::uint64_t parse_uint64(std::string_view text, const Location& loc, std::string_view field) {
  auto t = trim(text);
  std::uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc() || ptr != t.data() + t.size())
    throw_expected(loc, field, "a non-negative integer", text);
  return v;
}

bool parse_bool(std::string_view text, const Location& loc, std::string_view field) {
  auto t = trim(text);
  if (t == "true" || t == "True" || t == "TRUE" || t == "1" || t == "yes" || t == "Y") return true;
  if (t == "false" || t == "False" || t == "FALSE" || t == "0" || t == "no" || t == "N") return false;
  throw_expected(loc, field, "true or false", text);
}

std::string format_double(double value) {
  if (value == 0) return "0";  // also folds -0 into 0
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, ec == std::errc() ? ptr : buf);
}

std::string format_fixed(double value, int decimals) {
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, decimals);
  std::string s(buf, ec == std::errc() ? ptr : buf);
  // "-0.00" reads badly in a money column.
  if (s.front() == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

}  // namespace hs
