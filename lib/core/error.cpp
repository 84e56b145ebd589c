#include "core/error.hpp"

#include <cstdio>

namespace hs {

std::string format_location(const Location& loc, std::string_view field) {
  std::string out;
  if (!loc.file.empty()) {
    out += loc.file;
    if (loc.line > 0) out += ":" + std::to_string(loc.line);
    out += ": ";
  } else if (loc.line > 0) {
    out += "line " + std::to_string(loc.line) + ": ";
  }
  if (!field.empty()) {
    out += "field '";
    out += field;
    out += "': ";
  }
  return out;
}

void throw_data_error(const Location& loc, std::string_view field, std::string_view what) {
  throw Error(exit_code::data, format_location(loc, field) + std::string(what));
}

void throw_expected(const Location& loc, std::string_view field, std::string_view expected,
                    std::string_view got) {
  throw_data_error(loc, field, "expected " + std::string(expected) + ", got " + quote_for_message(got));
}

void throw_usage(std::string_view what) { throw Error(exit_code::usage, std::string(what)); }

std::string quote_for_message(std::string_view value) {
  constexpr std::size_t max_shown = 80;
  std::string out = "\"";
  std::size_t shown = 0;
  for (char c : value) {
    if (shown++ == max_shown) {
      out += "...";
      break;
    }
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

}  // namespace hs
