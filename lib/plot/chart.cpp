#include "plot/chart.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/error.hpp"
#include "core/io.hpp"
#include "core/parse.hpp"
#include "core/record.hpp"
#include "core/record_spec.hpp"
#include "core/time.hpp"

namespace hs::plot {

namespace {

// Series colours, in order (Okabe-Ito: told apart by most colour-blind readers too).
const char* const colours[] = {"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"};
const char* colour(std::size_t i) { return colours[i % (sizeof colours / sizeof *colours)]; }

std::string gp_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out + "\"";
}

std::string num(double v) { return format_double(v); }

// [lo, hi] widened by 5% each side (1 when flat), for an axis.
std::pair<double, double> padded(double lo, double hi) {
  const double span = hi - lo;
  const double pad = span > 0 ? span * 0.05 : std::max(1.0, std::fabs(hi) * 0.05);
  return {lo - pad, hi + pad};
}

struct Series {
  std::string name;
  std::vector<std::pair<double, double>> points;
};

struct Script {
  std::string text;
  int blocks = 0;
  void line(const std::string& s) { text += s + "\n"; }
  std::string block(const std::vector<std::vector<double>>& rows) {
    const std::string name = "$d" + std::to_string(blocks++);
    text += name + " << EOD\n";
    for (const auto& r : rows) {
      for (std::size_t i = 0; i < r.size(); ++i) text += (i ? " " : "") + num(r[i]);
      text += "\n";
    }
    text += "EOD\n";
    return name;
  }
};

// Canvas, plot area and title every chart shares.
void frame(Script& s, const std::string& title) {
  s.line("set lmargin at screen " + num(area_left) + "; set rmargin at screen " + num(area_right));
  s.line("set bmargin at screen " + num(area_bottom) + "; set tmargin at screen " + num(area_top));
  s.line("set title " + gp_string(title) + " noenhanced");
  s.line("set key outside top center horizontal noenhanced");
  s.line("set grid lc rgb '#dddddd'");
  s.line("set border lc rgb '#444444'");
}

// Seconds of a time on the chart's axis: UTC, or the wall clock of tz.
double axis_seconds(UtcTime t, const std::string& tz) {
  if (tz.empty()) return static_cast<double>(t.time_since_epoch().count());
  return static_cast<double>(utc_to_local(t, tz.c_str()).time_since_epoch().count());
}

void time_axis(Script& s, double lo, double hi, const std::string& tz) {
  s.line("set xdata time; set timefmt '%s'");
  s.line(hi - lo > 4 * 86400 ? "set format x '%Y-%m-%d'" : "set format x \"%m-%d\\n%H:%M\"");
  s.line("set xrange ['" + num(lo) + "':'" + num(hi) + "']");
  s.line("set xlabel " + gp_string(tz.empty() ? "UTC" : "local time, " + tz) + " noenhanced");
}

void y_range(Script& s, double lo, double hi, const char* axis = "y") {
  auto [a, b] = padded(lo, hi);
  s.line(std::string("set ") + axis + "range [" + num(a) + ":" + num(b) + "]");
}

// Lines of several series; `axis_time` for a time x axis.
void lines(Script& s, const std::vector<Series>& series, const std::string& style = "lines lw 1.5") {
  std::string cmd = "plot ";
  for (std::size_t i = 0; i < series.size(); ++i) {
    std::vector<std::vector<double>> rows;
    for (const auto& [x, y] : series[i].points) rows.push_back({x, y});
    const std::string b = s.block(rows);
    cmd += (i ? ", " : "") + b + " using 1:2 with " + style + " lc rgb '" + colour(i) + "' title " +
           gp_string(series[i].name);
  }
  s.line(cmd);
}

std::pair<double, double> extent_y(const std::vector<Series>& ss) {
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& s : ss)
    for (const auto& p : s.points) lo = std::min(lo, p.second), hi = std::max(hi, p.second);
  return {lo, hi};
}
std::pair<double, double> extent_x(const std::vector<Series>& ss) {
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& s : ss)
    for (const auto& p : s.points) lo = std::min(lo, p.first), hi = std::max(hi, p.first);
  return {lo, hi};
}

// Lines over time: the frame, the time axis over every series' points and a y axis fitting them.
void time_frame(Script& s, const std::vector<Series>& ss, const std::string& title, const std::string& tz) {
  frame(s, title);
  auto [xlo, xhi] = extent_x(ss);
  time_axis(s, xlo, xhi, tz);
  auto [ylo, yhi] = extent_y(ss);
  y_range(s, ylo, yhi);
}

[[noreturn]] void no_rows(const std::string& path, const std::string& type) {
  throw Error(exit_code::data, path + ": no " + type + " records to draw");
}

// --- price ---------------------------------------------------------------------------------

std::string price_chart(const std::string& path, const ChartOptions& o) {
  const RecordSpec& spec = record_spec("price");
  RecordReader rd(path, spec);
  const auto f_t = spec.at("interval_start"), f_m = spec.at("interval_minutes"), f_n = spec.at("node"),
             f_p = spec.at("price_per_mwh"), f_c = spec.at("currency");
  std::map<std::string, std::vector<std::tuple<UtcTime, int, double>>> by_node;
  std::vector<std::string> order;
  std::string currency;
  Record r;
  while (rd.next(r)) {
    const std::string node(r.text(f_n));
    if (!by_node.count(node)) order.push_back(node);
    by_node[node].emplace_back(r.time(f_t), static_cast<int>(r.integer(f_m)), r.number(f_p));
    if (currency.empty() && r.has(f_c)) currency = std::string(r.text(f_c));
  }
  if (order.empty()) no_rows(path, "price");
  if (currency.empty()) currency = "USD";
  const std::string unit = currency + "/MWh";
  Script s;
  const std::string kind = o.kind.empty() ? "series" : o.kind;
  if (kind == "series") {
    std::vector<Series> ss;
    for (const auto& n : order) {
      Series x{n, {}};
      for (const auto& [t, m, p] : by_node[n]) x.points.emplace_back(axis_seconds(t, o.tz), p);
      ss.push_back(std::move(x));
    }
    time_frame(s, ss, o.title.empty() ? "Prices, " + unit : o.title, o.tz);
    s.line("set ylabel " + gp_string(unit));
    lines(s, ss);
  } else if (kind == "duration") {
    std::vector<Series> ss;
    for (const auto& n : order) {
      auto rows = by_node[n];
      std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return std::get<2>(a) > std::get<2>(b); });
      Series x{n, {}};
      double hours = 0;
      for (const auto& [t, m, p] : rows) {
        hours += m / 60.0;
        x.points.emplace_back(hours, p);
      }
      ss.push_back(std::move(x));
    }
    frame(s, o.title.empty() ? "Price duration curve, " + unit : o.title);
    s.line("set xrange [0:" + num(extent_x(ss).second) + "]");
    auto [ylo, yhi] = extent_y(ss);
    y_range(s, ylo, yhi);
    s.line("set xlabel 'hours at or above the price'");
    s.line("set ylabel " + gp_string(unit));
    lines(s, ss);
  } else if (kind == "heatmap") {
    if (order.size() > 1)
      throw Error(exit_code::usage, "--kind heatmap: one node at a time (powerfeed --node NAME), the input has " +
                                        std::to_string(order.size()));
    // Mean price per local day and hour.
    std::map<std::pair<long long, int>, std::pair<double, double>> cells;  // (day, hour) -> (sum p*h, hours)
    for (const auto& [t, m, p] : by_node[order[0]]) {
      const auto local = static_cast<long long>(axis_seconds(t, o.tz));
      const long long day = (local >= 0 ? local : local - 86399) / 86400;
      auto& c = cells[{day, static_cast<int>((local - day * 86400) / 3600)}];
      c.first += p * m, c.second += m;
    }
    std::vector<std::vector<double>> rows;
    double lo = INFINITY, hi = -INFINITY;
    long long d0 = cells.begin()->first.first, d1 = cells.rbegin()->first.first;
    for (const auto& [k, v] : cells) {
      const double mean = v.first / v.second;
      lo = std::min(lo, mean), hi = std::max(hi, mean);
      rows.push_back({static_cast<double>(k.first * 86400 + 43200), static_cast<double>(k.second), mean});
    }
    frame(s, o.title.empty() ? "Mean price by hour of day, " + order[0] + ", " + unit : o.title);
    s.line("set xdata time; set timefmt '%s'; set format x '%Y-%m-%d'; set xtics " +
           num(86400.0 * std::max(1LL, (d1 - d0 + 1) / 8)));
    s.line("set xrange ['" + num(static_cast<double>(d0 * 86400)) + "':'" + num(static_cast<double>((d1 + 1) * 86400)) + "']");
    s.line("set yrange [-0.5:23.5]; set ytics 0,3,21");
    s.line("set xlabel " + gp_string(o.tz.empty() ? "day (UTC)" : "day (" + o.tz + ")") + " noenhanced");
    s.line("set ylabel " + gp_string(o.tz.empty() ? "hour of day (UTC)" : "hour of day (" + o.tz + ")") + " noenhanced");
    s.line("set cbrange [" + num(lo) + ":" + num(hi > lo ? hi : lo + 1) + "]; set cblabel " + gp_string(unit));
    s.line("set palette defined (0 '#313695', 0.5 '#ffffbf', 1 '#a50026')");
    s.line("unset key");
    const std::string b = s.block(rows);
    s.line("plot " + b + " using 1:2:(43200):(0.5):3 with boxxyerror fs solid 1.0 noborder lc palette");
  } else {
    throw Error(exit_code::usage, "--kind: a price chart is series, duration or heatmap, not \"" + kind + "\"");
  }
  return s.text;
}

// --- dispatch and replay ---------------------------------------------------------------------

std::string dispatch_chart(const std::string& path, const ChartOptions& o) {
  const RecordSpec& spec = record_spec("dispatch");
  RecordReader rd(path, spec);
  // Each interval twice, at its start and its end: the areas and the price are steps, as the
  // dispatch holds through the interval.
  std::vector<std::vector<double>> rows;  // t, mining, +ai, +reserve, +idle, price
  double ymax = 0, plo = INFINITY, phi = -INFINITY;
  Record r;
  while (rd.next(r)) {
    const UtcTime start = r.time(spec.at("interval_start"));
    const double t0 = axis_seconds(start, o.tz),
                 t1 = axis_seconds(start + std::chrono::minutes(r.integer(spec.at("interval_minutes"))), o.tz);
    const double m = r.number(spec.at("mining_mw")), a = r.number(spec.at("ai_mw")),
                 res = r.number(spec.at("reserve_mw")), idle = r.number(spec.at("idle_mw")),
                 p = r.number(spec.at("price_per_mwh"));
    for (double t : {t0, t1}) rows.push_back({t, m, m + a, m + a + res, m + a + res + idle, p});
    ymax = std::max(ymax, m + a + res + idle), plo = std::min(plo, p), phi = std::max(phi, p);
  }
  if (rows.empty()) no_rows(path, "dispatch");
  Script s;
  frame(s, o.title.empty() ? "Dispatch: MW by use, and the price" : o.title);
  time_axis(s, rows.front()[0], rows.back()[0], o.tz);
  s.line("set yrange [0:" + num(ymax > 0 ? ymax * 1.05 : 1) + "]; set ylabel 'MW'");
  y_range(s, plo, phi, "y2");
  s.line("set y2tics; set y2label 'price per MWh'; set ytics nomirror");
  const std::string b = s.block(rows);
  s.line("plot " + b + " using 1:(0):2 with filledcurves lc rgb '" + colour(0) + "' title 'mining', " + b +
         " using 1:2:3 with filledcurves lc rgb '" + colour(1) + "' title 'AI', " + b +
         " using 1:3:4 with filledcurves lc rgb '" + colour(2) + "' title 'reserve', " + b +
         " using 1:4:5 with filledcurves lc rgb '#bbbbbb' title 'idle', " + b +
         " using 1:6 axes x1y2 with lines lw 1.2 lc rgb '#000000' title 'price'");
  return s.text;
}

std::string replay_chart(const std::string& path, const ChartOptions& o) {
  const RecordSpec& spec = record_spec("replay_decision");
  RecordReader rd(path, spec);
  std::vector<Series> ss = {{"rolling (forecast)", {}}, {"myopic", {}}, {"perfect foresight", {}}};
  double sums[3] = {0, 0, 0};
  Record r;
  while (rd.next(r)) {
    const double t = axis_seconds(r.time(spec.at("interval_start")), o.tz);
    const char* f[3] = {"margin_usd", "myopic_margin_usd", "perfect_margin_usd"};
    for (int k = 0; k < 3; ++k) ss[k].points.emplace_back(t, sums[k] += r.number(spec.at(f[k])));
  }
  if (ss[0].points.empty()) no_rows(path, "replay_decision");
  Script s;
  time_frame(s, ss, o.title.empty() ? "Cumulative margin per strategy, USD" : o.title, o.tz);
  s.line("set ylabel 'USD'; set format y '%.1s%c'");
  lines(s, ss);
  return s.text;
}

// --- split, cash flows, Monte Carlo -----------------------------------------------------------

std::string split_chart(const std::string& path, const ChartOptions& o) {
  const RecordSpec& spec = record_spec("split");
  RecordReader rd(path, spec);
  std::vector<Series> ss = {{"annual margin", {}}, {"annual revenue", {}}, {"annual energy cost", {}}};
  Record r;
  while (rd.next(r)) {
    if (r.text(spec.at("part")) != "total") continue;
    const double x = r.number(spec.at("ai_mw"));
    ss[0].points.emplace_back(x, r.number(spec.at("annual_margin_usd")));
    ss[1].points.emplace_back(x, r.number(spec.at("annual_revenue_usd")));
    ss[2].points.emplace_back(x, r.number(spec.at("annual_energy_cost_usd")));
  }
  if (ss[0].points.empty()) no_rows(path, "split (total)");
  Script s;
  frame(s, o.title.empty() ? "A year of dispatch against the AI hall's size" : o.title);
  auto [xlo, xhi] = extent_x(ss);
  auto [a, b] = padded(xlo, xhi);
  s.line("set xrange [" + num(a) + ":" + num(b) + "]; set xlabel 'AI MW'");
  auto [ylo, yhi] = extent_y(ss);
  y_range(s, std::min(ylo, 0.0), yhi);
  s.line("set ylabel 'USD a year'; set format y '%.1s%c'");
  lines(s, ss, "linespoints pt 7 ps 0.8 lw 1.5");
  return s.text;
}

std::string cash_flow_chart(const std::string& path, const ChartOptions& o) {
  const RecordSpec& spec = record_spec("cash_flow");
  RecordReader rd(path, spec);
  std::vector<Series> ss;
  std::map<std::string, std::size_t> at;
  Record r;
  while (rd.next(r)) {
    const std::string sc(r.text(spec.at("scenario")));
    auto [it, fresh] = at.try_emplace(sc, ss.size());
    if (fresh) ss.push_back({sc, {}});
    ss[it->second].points.emplace_back(axis_seconds(r.time(spec.at("period_end")), o.tz), r.number(spec.at("cumulative_usd")));
  }
  if (ss.empty()) no_rows(path, "cash_flow");
  Script s;
  time_frame(s, ss, o.title.empty() ? "Cumulative cash per scenario, USD (payback marked)" : o.title, o.tz);
  s.line("set ylabel 'USD'; set format y '%.1s%c'");
  s.line("set arrow from graph 0, first 0 to graph 1, first 0 nohead lc rgb '#888888' dt 2");
  // Payback: the first period end at which a scenario's cumulative cash is back to 0 or more.
  for (std::size_t i = 0; i < ss.size(); ++i) {
    bool was_negative = false;
    for (const auto& [x, y] : ss[i].points) {
      if (y < 0) was_negative = true;
      else if (was_negative) {
        s.line("set label " + std::to_string(i + 1) + " 'payback' at '" + num(x) + "'," + num(y) +
               " point pt 7 ps 1.2 lc rgb '" + colour(i) + "' offset 0.5," + num(-1.0 - static_cast<double>(i)));
        break;
      }
    }
  }
  lines(s, ss);
  return s.text;
}

std::string monte_carlo_chart(const std::string& path, const ChartOptions& o) {
  const RecordSpec& spec = record_spec("monte_carlo_summary");
  RecordReader rd(path, spec);
  std::vector<std::vector<double>> rows;  // i, p10, p50, p90, mean, lease
  std::string xtics;
  double lo = INFINITY, hi = -INFINITY;
  Record r;
  while (rd.next(r)) {
    const double i = static_cast<double>(rows.size() + 1);
    std::vector<double> v = {i, r.number(spec.at("npv_p10_usd")), r.number(spec.at("npv_p50_usd")),
                             r.number(spec.at("npv_p90_usd")), r.number(spec.at("npv_mean_usd")),
                             r.number(spec.at("lease_npv_usd"))};
    for (std::size_t k = 1; k < v.size(); ++k) lo = std::min(lo, v[k]), hi = std::max(hi, v[k]);
    rows.push_back(v);
    xtics += (xtics.empty() ? "" : ", ") + gp_string(std::string(r.text(spec.at("scenario"))) + " (" + std::string(r.text(spec.at("paths"))) + " paths)") +
             " " + num(i);
  }
  if (rows.empty()) no_rows(path, "monte_carlo_summary");
  Script s;
  frame(s, o.title.empty() ? "NPV across the Monte Carlo paths: P10 to P90, median, mean, and the lease" : o.title);
  s.line("set xrange [0.4:" + num(rows.size() + 0.6) + "]; set xtics (" + xtics + ") noenhanced");
  y_range(s, lo, hi);
  s.line("set ylabel 'NPV, USD'; set format y '%.1s%c'; set boxwidth 0.4");
  const std::string b = s.block(rows);
  s.line(std::string("plot ") + b + " using 1:2:2:4:4 with candlesticks lc rgb '" + colour(0) + "' fs solid 0.3 title 'P10-P90', " +
         b + " using 1:3:3:3:3 with candlesticks lw 2 lc rgb '" + colour(0) + "' title 'median', " + b +
         " using 1:5 with points pt 7 ps 1 lc rgb '" + colour(3) + "' title 'mean', " + b +
         " using 1:6 with points pt 5 ps 1 lc rgb '" + colour(1) + "' title 'lease NPV'");
  return s.text;
}

// --- fleet -------------------------------------------------------------------------------------

std::string fleet_chart(const std::string& path, const ChartOptions& o) {
  const RecordSpec& spec = record_spec("fleet_machine");
  RecordReader rd(path, spec);
  std::map<std::string, std::vector<std::vector<double>>> by_class;
  std::vector<std::string> classes;
  std::string xtics;
  double hi = 0;
  std::size_t n = 0;
  Record r;
  const auto f_j = spec.at("joules_per_th");
  while (rd.next(r)) {
    if (!r.has(f_j)) continue;  // not hashing, or no power
    const std::string cls(r.text(spec.at("class")));
    if (!by_class.count(cls)) classes.push_back(cls);
    const double x = static_cast<double>(++n), j = r.number(f_j);
    by_class[cls].push_back({x, j});
    hi = std::max(hi, j);
    xtics += (xtics.empty() ? "" : ", ") + gp_string(std::string(r.text(spec.at("machine")))) + " " + num(x);
  }
  if (n == 0) no_rows(path, "fleet_machine (hashing, with J/TH)");
  Script s;
  frame(s, o.title.empty() ? "Efficiency per machine, J/TH (lower is better)" : o.title);
  s.line("set xrange [0.4:" + num(n + 0.6) + "]; set yrange [0:" + num(hi * 1.1) + "]");
  s.line(n <= 60 ? "set xtics (" + xtics + ") rotate by 60 right noenhanced" : "set xtics; set xlabel 'machine'");
  s.line("set ylabel 'J/TH'; set boxwidth 0.8; set style fill solid 0.7");
  std::string cmd = "plot ";
  for (std::size_t i = 0; i < classes.size(); ++i) {
    const std::string b = s.block(by_class[classes[i]]);
    cmd += (i ? ", " : "") + b + " using 1:2 with boxes lc rgb '" + colour(i) + "' title " + gp_string(classes[i]);
  }
  s.line(cmd);
  return s.text;
}

// --- hashbench results against the device's peak, and leasecalc's scenarios ---------------------

// Bars per result: what was measured beside the device's peak (where the record gives one).
std::string measured_chart(const std::string& path, const ChartOptions& o, const std::string& type,
                           const std::vector<const char*>& label_fields, const char* measured, const char* peak,
                           const std::string& unit, double scale) {
  const RecordSpec& spec = record_spec(type);
  RecordReader rd(path, spec);
  std::vector<std::vector<double>> rows;  // i, measured, peak (NaN: none)
  std::string xtics;
  double hi = 0;
  Record r;
  while (rd.next(r)) {
    std::string label;
    for (const char* f : label_fields)
      if (r.has(spec.at(f))) label += (label.empty() ? "" : " ") + std::string(r.text(spec.at(f)));
    const double i = static_cast<double>(rows.size() + 1), m = r.number(spec.at(measured)) * scale;
    const double pk = peak && r.has(spec.at(peak)) ? r.number(spec.at(peak)) * scale : std::nan("");
    hi = std::max({hi, m, std::isnan(pk) ? 0.0 : pk});
    rows.push_back({i, m, pk});
    xtics += (xtics.empty() ? "" : ", ") + gp_string(label) + " " + num(i);
  }
  if (rows.empty()) no_rows(path, type);
  Script s;
  frame(s, o.title.empty() ? "hashbench " + type + ": measured" + (peak ? std::string(" against the device's peak") : "") +
                                 ", " + unit
                           : o.title);
  s.line("set xrange [0.4:" + num(rows.size() + 0.6) + "]; set yrange [0:" + num(hi > 0 ? hi * 1.1 : 1) + "]");
  s.line("set xtics (" + xtics + ") rotate by 30 right noenhanced; set ylabel " + gp_string(unit));
  s.line("set style fill solid 0.8; set boxwidth 0.35");
  const std::string b = s.block(rows);
  std::string cmd = "plot " + b + " using ($1-0.18):2 with boxes lc rgb '" + colour(0) + "' title 'measured'";
  if (peak) cmd += ", " + b + " using ($1+0.18):3 with boxes lc rgb '#bbbbbb' title 'peak'";
  s.line(cmd);
  return s.text;
}

// NPV per scenario; split candidates (split_ai_<MW>mw, from allocate split) against their AI MW.
std::string scenario_chart(const std::string& path, const ChartOptions& o) {
  const RecordSpec& spec = record_spec("scenario_summary");
  RecordReader rd(path, spec);
  Series split{"NPV of the split candidates", {}};
  std::vector<std::pair<std::string, double>> others;
  Record r;
  while (rd.next(r)) {
    const std::string name(r.text(spec.at("scenario")));
    const double npv = r.number(spec.at("npv_usd"));
    const auto at = name.rfind("split_ai_");
    if (at != std::string::npos && name.size() > at + 11 && name.compare(name.size() - 2, 2, "mw") == 0) {
      if (auto mw = try_parse_double(name.substr(at + 9, name.size() - at - 11))) {
        split.points.emplace_back(*mw, npv);
        continue;
      }
    }
    others.emplace_back(name, npv);
  }
  if (split.points.empty() && others.empty()) no_rows(path, "scenario_summary");
  Script s;
  if (!split.points.empty()) {
    std::sort(split.points.begin(), split.points.end());
    frame(s, o.title.empty() ? "NPV against the AI hall's size (leasecalc compare --split)" : o.title);
    auto [xlo, xhi] = extent_x({split});
    auto [a, b] = padded(xlo, xhi);
    s.line("set xrange [" + num(a) + ":" + num(b) + "]; set xlabel 'AI MW'");
    double lo = extent_y({split}).first, hi = extent_y({split}).second;
    for (const auto& [n, v] : others) lo = std::min(lo, v), hi = std::max(hi, v);
    y_range(s, lo, hi);
    s.line("set ylabel 'NPV, USD'; set format y '%.1s%c'");
    for (std::size_t i = 0; i < others.size(); ++i)
      s.line("set arrow from graph 0, first " + num(others[i].second) + " to graph 1, first " + num(others[i].second) +
             " nohead dt 2 lc rgb '" + colour(i + 1) + "'\nset label " + gp_string(others[i].first) + " at graph 0.01, first " +
             num(others[i].second) + " offset 0,0.6 tc rgb '" + colour(i + 1) + "' noenhanced");
    lines(s, {split}, "linespoints pt 7 ps 0.8 lw 1.5");
    return s.text;
  }
  frame(s, o.title.empty() ? "NPV per scenario, USD" : o.title);
  std::vector<std::vector<double>> rows;
  std::string xtics;
  double lo = 0, hi = 0;
  for (std::size_t i = 0; i < others.size(); ++i) {
    rows.push_back({static_cast<double>(i + 1), others[i].second});
    lo = std::min(lo, others[i].second), hi = std::max(hi, others[i].second);
    xtics += (xtics.empty() ? "" : ", ") + gp_string(others[i].first) + " " + num(static_cast<double>(i + 1));
  }
  s.line("set xrange [0.4:" + num(others.size() + 0.6) + "]; set xtics (" + xtics + ") noenhanced");
  y_range(s, lo, hi);
  s.line("set ylabel 'NPV, USD'; set format y '%.1s%c'; set style fill solid 0.8; set boxwidth 0.6");
  s.line("plot " + s.block(rows) + " using 1:2 with boxes lc rgb '" + colour(0) + "' title 'NPV'");
  return s.text;
}

std::vector<std::string> columns_of(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line) && line.find_first_not_of(" \t\r") == std::string::npos) {
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
  std::vector<std::string> cols;
  if (!line.empty() && line.front() == '{') {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_object())
      for (const auto& [k, v] : j.items()) cols.push_back(k);
    return cols;
  }
  for (std::size_t p = 0, q; p <= line.size(); p = q + 1) {
    q = line.find(',', p);
    if (q == std::string::npos) q = line.size();
    std::string c = line.substr(p, q - p);
    if (c.size() >= 2 && c.front() == '"' && c.back() == '"') c = c.substr(1, c.size() - 2);
    cols.push_back(c);
  }
  return cols;
}

}  // namespace

const std::vector<std::string>& chart_types() {
  static const std::vector<std::string> t = {"price",          "dispatch",         "replay_decision",
                                             "split",          "cash_flow",        "monte_carlo_summary",
                                             "scenario_summary", "fleet_machine",  "sha256d_result",
                                             "sgemm_result",   "gemm_result",      "bandwidth_result"};
  return t;
}

std::string record_type_of(const std::vector<std::string>& columns) {
  std::string best;
  std::size_t best_match = 0;
  for (const auto& name : chart_types()) {
    const RecordSpec& spec = record_spec(name);
    bool ok = true;
    std::size_t match = 0;
    for (const auto& f : spec.fields) {
      const bool there = std::find(columns.begin(), columns.end(), f.name) != columns.end();
      if (f.required && !there) ok = false;
      match += there;
    }
    if (ok && match > best_match) best = name, best_match = match;
  }
  if (best.empty()) {
    std::string cols;
    for (const auto& c : columns) cols += (cols.empty() ? "" : ",") + c;
    std::string types;
    for (const auto& t : chart_types()) types += (types.empty() ? "" : ", ") + t;
    throw Error(exit_code::data, "the columns (" + cols + ") are no record plot draws (" + types + "; see --record)");
  }
  return best;
}

std::string chart_script(const std::string& path, const ChartOptions& opt) {
  const std::string type = opt.record.empty() ? record_type_of(columns_of(path)) : opt.record;
  if (!opt.kind.empty() && type != "price") throw Error(exit_code::usage, "--kind is for price charts");
  std::string body;
  if (type == "price") body = price_chart(path, opt);
  else if (type == "dispatch") body = dispatch_chart(path, opt);
  else if (type == "replay_decision") body = replay_chart(path, opt);
  else if (type == "split") body = split_chart(path, opt);
  else if (type == "cash_flow") body = cash_flow_chart(path, opt);
  else if (type == "monte_carlo_summary") body = monte_carlo_chart(path, opt);
  else if (type == "fleet_machine") body = fleet_chart(path, opt);
  else if (type == "scenario_summary") body = scenario_chart(path, opt);
  else if (type == "sha256d_result")
    body = measured_chart(path, opt, type, {"device", "kernel"}, "hashes_per_second", nullptr, "MH/s", 1e-6);
  else if (type == "sgemm_result")
    body = measured_chart(path, opt, type, {"device", "backend", "m"}, "gflops", "peak_gflops", "GFLOP/s", 1);
  else if (type == "gemm_result")
    body = measured_chart(path, opt, type, {"device", "precision", "m"}, "tflops", "peak_tflops", "TFLOP/s", 1);
  else if (type == "bandwidth_result")
    body = measured_chart(path, opt, type, {"device", "backend", "kernel"}, "gb_per_s", "peak_gb_per_s", "GB/s", 1);
  else throw Error(exit_code::usage, "--record: plot draws no \"" + type + "\" records");
  return "# plot: " + type + " records\n" + body;
}

}  // namespace hs::plot
