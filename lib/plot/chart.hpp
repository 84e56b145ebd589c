#pragma once
// Charts of the records people read, drawn by gnuplot: `plot` reads any record stream, finds
// the record type from its columns, and writes the gnuplot script that draws the chart that
// fits it. The data go inline (datablocks), the plot area is fixed in screen fractions and the
// axes' ranges are written out, so a test can map the drawn points back to the records.
#include <string>
#include <vector>

namespace hs::plot {

struct ChartOptions {
  std::string record;        // the record type; empty: found from the columns
  std::string kind;          // price: series (default), duration or heatmap
  std::string title;         // empty: one fitting the record
  std::string tz;            // IANA zone of the time axis (and the heatmap's hours); empty: UTC
  std::string terminal = "svg";  // svg or png
  int width = 960, height = 540;
};

// The plot area, as fractions of the canvas (left, right, bottom, top).
inline constexpr double area_left = 0.10, area_right = 0.88, area_bottom = 0.16, area_top = 0.88;

// The record type whose fields best match `columns` (every required field present); none:
// Error(65) naming the columns. Types that have a chart only.
std::string record_type_of(const std::vector<std::string>& columns);

// The records types plot draws.
const std::vector<std::string>& chart_types();

// The gnuplot script (without terminal and output) for the records in `path`.
std::string chart_script(const std::string& path, const ChartOptions& opt);

// Runs gnuplot on the script, writing `output` atomically in opt.terminal's format.
// gnuplot missing: Error(69); gnuplot failing: Error(70) with its message.
void render(const std::string& script, const std::string& output, const ChartOptions& opt);

}  // namespace hs::plot
