#pragma once
// One line at a time of Prometheus's text exposition format, version 0.0.4, as exporters
// serve it on /metrics: `# HELP name text`, `# TYPE name type`, other `#` comments, blank
// lines and samples `name{label="value",...} value [timestamp_ms]`. Label values unescape
// \\, \" and \n; values are floats with NaN, +Inf and -Inf; the timestamp is integer ms.
// Nothing is kept between lines, so a reader of a whole response holds one line at a time.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hs::fleet::prom {

enum class LineKind { blank, comment, help, type, sample };

struct Line {
  LineKind kind = LineKind::blank;
  std::string_view name;  // the metric named by HELP, TYPE or the sample (a view into the line)
  std::string_view type;  // TYPE's: counter, gauge, histogram, summary or untyped
  std::vector<std::pair<std::string, std::string>> labels;  // the sample's, unescaped, in order
  double value = 0;
  std::optional<std::int64_t> timestamp_ms;
  // The value of a label, or null when the sample has no such label.
  const std::string* label(std::string_view name) const;
};

// Reads one line (without its '\n'; spaces, tabs and a '\r' around it are ignored) into
// `out`. False for a malformed line, with `why` saying what is
// wrong in words (no line number: the caller counts lines).
bool parse_line(std::string_view text, Line& out, std::string& why);

}  // namespace hs::fleet::prom
