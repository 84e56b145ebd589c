#include "fleet/gpu/prometheus.hpp"

#include <charconv>
#include <cmath>

namespace hs::fleet::prom {

namespace {

bool blank(char c) { return c == ' ' || c == '\t'; }
bool alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

void skip_blanks(std::string_view& s) {
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (blank(s.front()) || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (blank(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// A metric name [a-zA-Z_:][a-zA-Z0-9_:]* (colons: names of recording rules), or a label
// name [a-zA-Z_][a-zA-Z0-9_]*, taken off the front of `s`; empty when none starts there.
std::string_view take_name(std::string_view& s, bool colons) {
  std::size_t n = 0;
  while (n < s.size() && (alpha(s[n]) || (colons && s[n] == ':') || (n > 0 && digit(s[n])))) ++n;
  auto name = s.substr(0, n);
  s.remove_prefix(n);
  return name;
}

std::string_view take_token(std::string_view& s) {
  std::size_t n = 0;
  while (n < s.size() && !blank(s[n])) ++n;
  auto t = s.substr(0, n);
  s.remove_prefix(n);
  return t;
}

// A sample value as Go's strconv.ParseFloat reads it, which is what Prometheus uses: decimal
// or exponent notation, "NaN", "+Inf", "-Inf" (and "Inf", any case).
std::optional<double> to_double(std::string_view t) {
  bool negative = false;
  if (!t.empty() && (t.front() == '+' || t.front() == '-')) {
    negative = t.front() == '-';
    t.remove_prefix(1);
  }
  if (t.empty() || t.front() == '+' || t.front() == '-') return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  // Out of range is ±Inf or 0 for ParseFloat too, with an error Prometheus would report.
  if (ec != std::errc() || end != t.data() + t.size()) return std::nullopt;
  return negative ? -v : v;
}

std::optional<std::int64_t> to_int64(std::string_view t) {
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc() || end != t.data() + t.size()) return std::nullopt;
  return v;
}

bool fail(std::string& why, std::string what) {
  why = std::move(what);
  return false;
}

// `{...}` after a sample's name, taken off the front of `s` (which starts at '{').
bool take_labels(std::string_view& s, Line& out, std::string& why) {
  s.remove_prefix(1);
  for (;;) {
    skip_blanks(s);
    if (!s.empty() && s.front() == '}') break;
    auto name = take_name(s, false);
    if (name.empty()) return fail(why, "expected a label name or '}'");
    skip_blanks(s);
    if (s.empty() || s.front() != '=') return fail(why, "expected '=' after label " + std::string(name));
    s.remove_prefix(1);
    skip_blanks(s);
    if (s.empty() || s.front() != '"') return fail(why, "expected '\"' to open the value of label " + std::string(name));
    s.remove_prefix(1);
    if (out.label(name)) return fail(why, "label " + std::string(name) + " given twice");
    auto& [key, value] = out.labels.emplace_back(std::string(name), std::string());
    for (;;) {
      if (s.empty()) return fail(why, "the value of label " + key + " is not closed by '\"'");
      char c = s.front();
      s.remove_prefix(1);
      if (c == '"') break;
      if (c == '\\') {
        if (s.empty()) return fail(why, "the value of label " + key + " ends in a lone '\\'");
        char e = s.front();
        s.remove_prefix(1);
        if (e == 'n')
          value += '\n';
        else if (e == '\\' || e == '"')
          value += e;
        else
          return fail(why, std::string("the value of label ") + key + " has the escape \\" + e +
                               " (only \\\\, \\\" and \\n are defined)");
      } else {
        value += c;
      }
    }
    skip_blanks(s);
    if (!s.empty() && s.front() == ',') {
      s.remove_prefix(1);
      continue;
    }
    if (s.empty() || s.front() != '}') return fail(why, "expected ',' or '}' after the value of label " + key);
    break;
  }
  s.remove_prefix(1);
  return true;
}

bool parse_comment(std::string_view s, Line& out, std::string& why) {
  s.remove_prefix(1);
  skip_blanks(s);
  auto keyword = take_token(s);
  if (keyword != "HELP" && keyword != "TYPE") {
    out.kind = LineKind::comment;
    return true;
  }
  skip_blanks(s);
  out.name = take_name(s, true);
  if (out.name.empty() || (!s.empty() && !blank(s.front())))
    return fail(why, std::string("expected a metric name after # ") + std::string(keyword));
  skip_blanks(s);
  if (keyword == "HELP") {
    out.kind = LineKind::help;  // the docstring is not needed, so not unescaped
    return true;
  }
  out.kind = LineKind::type;
  out.type = take_token(s);
  skip_blanks(s);
  if (!s.empty()) return fail(why, "text after the type of " + std::string(out.name));
  for (auto t : {"counter", "gauge", "histogram", "summary", "untyped"})
    if (out.type == t) return true;
  return fail(why, "unknown metric type \"" + std::string(out.type) + "\"");
}

}  // namespace

const std::string* Line::label(std::string_view key) const {
  for (const auto& [k, v] : labels)
    if (k == key) return &v;
  return nullptr;
}

bool parse_line(std::string_view text, Line& out, std::string& why) {
  auto s = trim(text);
  out.name = {};
  out.type = {};
  out.labels.clear();
  out.value = 0;
  out.timestamp_ms.reset();
  if (s.empty()) {
    out.kind = LineKind::blank;
    return true;
  }
  if (s.front() == '#') return parse_comment(s, out, why);
  out.kind = LineKind::sample;
  out.name = take_name(s, true);
  if (out.name.empty()) return fail(why, "expected a metric name");
  auto rest = s;
  skip_blanks(rest);
  const bool labelled = !rest.empty() && rest.front() == '{';
  if (labelled) {
    s = rest;
    if (!take_labels(s, out, why)) return false;
  }
  if (!labelled && (s.empty() || !blank(s.front())))  // "m1" is a name, not m and 1
    return fail(why, "expected a space and a value after " + std::string(out.name));
  skip_blanks(s);
  if (s.empty()) return fail(why, "expected a value after the labels of " + std::string(out.name));
  auto value = take_token(s);
  auto v = to_double(value);
  if (!v) return fail(why, "the value of " + std::string(out.name) + " is not a number: \"" + std::string(value) + "\"");
  out.value = *v;
  skip_blanks(s);
  if (s.empty()) return true;
  auto stamp = take_token(s);
  out.timestamp_ms = to_int64(stamp);
  if (!out.timestamp_ms)
    return fail(why, "the timestamp of " + std::string(out.name) + " is not an integer: \"" + std::string(stamp) + "\"");
  skip_blanks(s);
  if (!s.empty()) return fail(why, "text after the timestamp of " + std::string(out.name));
  return true;
}

}  // namespace hs::fleet::prom
