#pragma once
// A scenario: every input of the lease, GPU, mining and compare models, as "section.key"
// names with defaults. Loaded from TOML (top-level keys and [lease] [gpu] [mining]
// tables), then overridden by --set key=value. Unknown keys are refused with the nearest
// known key suggested, so a typo never silently falls back to a default.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"

namespace hs::finance {

enum class KeyKind { number, text, date };

struct KeySpec {
  std::string name;  // "lease.rate_per_kw_month"
  KeyKind kind = KeyKind::number;
  std::string default_value;
  std::string doc;
  double min = -1e300;        // smallest allowed value (numbers)
  bool min_exclusive = false; // the minimum itself is refused
  double max = 1e300;
};

// Every key, in documentation order.
const std::vector<KeySpec>& scenario_keys();

// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);
// The known key nearest to `name`.
std::string nearest_key(std::string_view name);

struct Value {
  std::string text;
  double number = 0;
  Location where;       // file:line, or "--set" (line 0)
  bool from_cli = false;
};

class Scenario {
 public:
  Scenario();  // every key at its default
  // Reads a TOML file; bad syntax, unknown keys or bad values: Error 65 naming file:line.
  static Scenario load(const std::string& path);
  // The same from TOML text already read; `path` names it in messages.
  static Scenario parse(const std::string& content, const std::string& path);
  // "key=value" from the command line; unknown key or bad value: Error 64.
  void set(std::string_view assignment);
  // Same, for a value computed by the program (e.g. from allocate's records).
  void set_value(const std::string& key, const std::string& text, const Location& where);

  double num(const std::string& key) const;
  const std::string& text(const std::string& key) const;
  UtcTime date(const std::string& key) const;
  // The value with where it came from (file:line, --set, or "(default)").
  const Value& value(const std::string& key) const { return values_.at(key); }
  std::string name() const { return text("name"); }

  // Checks ranges and schedules; the error is 64 when the culprit came from --set, else 65.
  void validate() const;
  [[noreturn]] void fail(const std::string& key, const std::string& what) const;

 private:
  void assign(const std::string& key, const std::string& text, const Location& where, bool from_cli);
  std::map<std::string, Value> values_;
};

}  // namespace hs::finance
