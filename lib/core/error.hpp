#pragma once
// One exception type for every failure a user can cause or meet. It carries the exit code
// (sysexits style) and, for bad data, where it was found, so every tool reports errors as
//   tool: file:line: field 'x': expected a number, got "abc"
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/exit_codes.hpp"

namespace hs {

// Where a value came from: file (or "-" / "<stdin>") and 1-based line; line 0 = unknown.
struct Location {
  std::string file;
  std::uint64_t line = 0;
};

class Error : public std::runtime_error {
 public:
  Error(int code, std::string message) : std::runtime_error(std::move(message)), code_(code) {}
  int code() const noexcept { return code_; }

 private:
  int code_;
};

// "file:line: field 'name': what" (parts left out when unknown).
std::string format_location(const Location& loc, std::string_view field = {});

// Bad data (exit 65) at a location, about a field.
[[noreturn]] void throw_data_error(const Location& loc, std::string_view field, std::string_view what);
// Bad data: "expected <expected>, got "<got>"".
[[noreturn]] void throw_expected(const Location& loc, std::string_view field, std::string_view expected,
                                 std::string_view got);
// Bad command line (exit 64).
[[noreturn]] void throw_usage(std::string_view what);

// Quotes a value for an error message: control characters escaped, long values cut.
std::string quote_for_message(std::string_view value);

}  // namespace hs
