#include "dispatch/site.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include "core/toml.hpp"

#include "core/error.hpp"
#include "core/io.hpp"
#include "core/parse.hpp"
#include "core/record.hpp"
#include "dispatch/hashprice.hpp"

namespace hs::dispatch {

double StepSeries::at(UtcTime t) const {
  auto it = std::upper_bound(from.begin(), from.end(), t);
  if (it == from.begin()) {
    throw Error(exit_code::data, source + ": no row at or before " + format_iso8601_utc(t) +
                                     " (the first row is from " + format_iso8601_utc(from.front()) + ")");
  }
  return value[static_cast<std::size_t>(it - from.begin() - 1)];
}

double AsProduct::at(UtcTime t) const {
  auto it = std::upper_bound(start.begin(), start.end(), t);
  if (it != start.begin()) {
    const auto i = static_cast<std::size_t>(it - start.begin() - 1);
    if (t < start[i] + std::chrono::minutes(minutes[i])) return usd_per_mw_hour[i];
  }
  throw Error(exit_code::data, source + ": no " + name + " price for the interval at " + format_iso8601_utc(t));
}

double Site::usd_per_unit_hour(std::size_t k, std::size_t m, UtcTime t) const {
  if (economics.hashprice_series.empty()) return usd_per_unit_hour(k, m);
  return mining[k].modes[m].ths_per_unit * economics.usd_per_ths_hour(t);
}

Site site_at(const Site& site, UtcTime t) {
  Site s = site;
  s.economics.hashprice_usd_per_ph_day = site.economics.hashprice_at(t);
  s.economics.hashprice_series = {};
  s.grid.reserve_usd_per_mw_hour = site.grid.reserve_at(t);
  s.grid.reserve_series = {};
  return s;
}

double Storage::one_way() const { return std::sqrt(round_trip_efficiency); }

double MiningClass::mw_per_unit(std::size_t m) const {
  const double aux = units > 0 ? aux_mw / static_cast<double>(units) : 0.0;
  return modes[m].watts_per_unit * pue / 1e6 + aux;
}

double Site::usd_per_unit_hour(std::size_t k, std::size_t m) const {
  return mining[k].modes[m].ths_per_unit * economics.usd_per_ths_hour();
}

double Site::break_even_per_mwh(std::size_t k, std::size_t m) const {
  // Revenue per facility MWh equals the energy cost per MWh at the break-even price.
  return usd_per_unit_hour(k, m) / mining[k].mw_per_unit(m) - grid.adder_usd_per_mwh;
}

double Site::break_even_per_mwh(std::size_t k) const {
  double best = -INFINITY;
  for (std::size_t m = 0; m < mining[k].modes.size(); ++m) best = std::max(best, break_even_per_mwh(k, m));
  return best;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string nearest_key(const std::string& key, const std::vector<std::string>& known) {
  std::string best;
  std::size_t best_d = std::string::npos;
  for (const auto& k : known) {
    const std::size_t d = edit_distance(key, k);
    if (d < best_d) best_d = d, best = k;
  }
  // Only suggest what is plausibly a typo: at most a third of the key's letters changed.
  if (best_d == std::string::npos || best_d > std::max<std::size_t>(2, key.size() / 3)) return {};
  return best;
}

namespace {

// Reads one TOML table, refusing keys it does not know and checking types and signs.
class TableReader {
 public:
  TableReader(const toml::table& t, std::string file, std::string where, std::vector<std::string> known)
      : t_(t), file_(std::move(file)), where_(std::move(where)), known_(std::move(known)) {
    for (const auto& [k, v] : t_) {
      const std::string key(k.str());
      if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
      std::string msg = "unknown key '" + key + "' in " + where_;
      const std::string near = nearest_key(key, known_);
      if (!near.empty()) msg += " (did you mean '" + near + "'?)";
      fail(v, key, msg);
    }
  }

  [[noreturn]] void fail(const toml::node& n, const std::string& key, const std::string& msg) const {
    throw_data_error(Location{file_, n.source().begin.line}, key, msg);
  }
  [[noreturn]] void fail_table(const std::string& msg) const {
    throw_data_error(Location{file_, t_.source().begin.line}, {}, msg);
  }

  bool has(const std::string& key) const { return t_.contains(key); }
  const toml::node* node(const std::string& key) const { return t_.get(key); }

  std::optional<double> number(const std::string& key, bool allow_negative = false) const {
    const toml::node* n = t_.get(key);
    if (!n) return std::nullopt;
    std::optional<double> v;
    if (auto i = n->value_exact<std::int64_t>()) v = static_cast<double>(*i);
    else if (auto d = n->value_exact<double>()) v = *d;
    if (!v || !std::isfinite(*v)) fail(*n, key, "expected a number in " + where_);
    if (!allow_negative && *v < 0) fail(*n, key, "must not be negative in " + where_ + ", got " + std::to_string(*v));
    return v;
  }
  double number_or(const std::string& key, double def) const { return number(key).value_or(def); }
  double required_number(const std::string& key) const {
    auto v = number(key);
    if (!v) fail_table("missing key '" + key + "' in " + where_);
    return *v;
  }
  std::optional<std::string> string(const std::string& key) const {
    const toml::node* n = t_.get(key);
    if (!n) return std::nullopt;
    auto s = n->value_exact<std::string>();
    if (!s) fail(*n, key, "expected a string in " + where_);
    return s;
  }
  std::optional<bool> boolean(const std::string& key) const {
    const toml::node* n = t_.get(key);
    if (!n) return std::nullopt;
    auto b = n->value_exact<bool>();
    if (!b) fail(*n, key, "expected true or false in " + where_);
    return b;
  }
  const toml::table& table() const { return t_; }
  const std::string& where() const { return where_; }

 private:
  const toml::table& t_;
  std::string file_;
  std::string where_;
  std::vector<std::string> known_;
};

// Watts of one unit from watts_per_unit, or from j_per_th x TH/s.
PowerMode read_mode(const TableReader& r, const std::string& name) {
  PowerMode m;
  m.name = name;
  m.ths_per_unit = r.required_number("ths_per_unit");
  auto w = r.number("watts_per_unit");
  auto j = r.number("j_per_th");
  if (w && j) r.fail_table("give watts_per_unit or j_per_th, not both, in " + r.where());
  if (!w && !j) r.fail_table("missing key 'watts_per_unit' (or 'j_per_th') in " + r.where());
  m.watts_per_unit = w ? *w : *j * m.ths_per_unit;
  if (m.watts_per_unit <= 0) r.fail_table("a unit must draw power (watts_per_unit > 0) in " + r.where());
  return m;
}

template <class F>
void for_each_table_in_array(const toml::table& root, const std::string& key, const std::string& file, F f) {
  const toml::node* n = root.get(key);
  if (!n) return;
  const toml::array* arr = n->as_array();
  if (!arr) throw_data_error(Location{file, n->source().begin.line}, key, "expected an array of tables [[" + key + "]]");
  std::size_t i = 0;
  for (const auto& e : *arr) {
    const toml::table* t = e.as_table();
    if (!t) throw_data_error(Location{file, e.source().begin.line}, key, "expected a table");
    f(*t, i++);
  }
}

// A path in the site file is relative to the site file's directory.
std::string relative_to(const std::string& site_file, const std::string& path) {
  const std::filesystem::path p(path);
  if (p.is_absolute() || path == "-") return path;
  return (std::filesystem::path(site_file).parent_path() / p).string();
}

// Rows of a step series in time order; a row out of order or repeated is an error.
void add_step(StepSeries& s, const Record& rec, UtcTime from, double v) {
  if (!s.from.empty() && from <= s.from.back())
    throw_data_error(rec.loc, "valid_from", "rows must be in time order without repeats, got " + format_iso8601_utc(from) +
                                                " after " + format_iso8601_utc(s.from.back()));
  s.from.push_back(from), s.value.push_back(v);
}

// hashprice records: hashprice_usd_per_ph_day, or btc_usd, difficulty, block_height (and fees);
// both, as powerfeed fetch writes them, must agree. Every field that bears on the figure is used
// or refused: a subsidy off the halving rule, or a chain other than main.
StepSeries read_hashprice_series(const std::string& path, bool empty_ok = false) {
  const RecordSpec& spec = record_spec("hashprice");
  RecordReader rd(path, spec);
  const std::size_t f_from = spec.at("valid_from"), f_hp = spec.at("hashprice_usd_per_ph_day"),
                    f_btc = spec.at("btc_usd"), f_diff = spec.at("difficulty"), f_h = spec.at("block_height"),
                    f_fee = spec.at("fees_btc_per_block"), f_sub = spec.at("subsidy_btc"), f_chain = spec.at("chain");
  StepSeries s;
  s.source = rd.display_name();
  Record rec;
  const auto sats = [](double btc) { return static_cast<std::int64_t>(std::llround(btc * static_cast<double>(sats_per_btc))); };
  while (rd.next(rec)) {
    if (rec.has(f_chain) && rec.text(f_chain) != "main")
      throw_expected(rec.loc, "chain", "main (a test network's hashprice is no market's)", rec.text(f_chain));
    const bool parts = rec.has(f_btc) || rec.has(f_diff) || rec.has(f_h);
    double hp = 0;
    if (parts) {
      for (std::size_t f : {f_btc, f_diff, f_h})
        if (!rec.has(f)) throw_data_error(rec.loc, spec.fields[f].name, "missing (give hashprice_usd_per_ph_day or btc_usd, difficulty and block_height)");
      const double diff = rec.number(f_diff);
      if (!(diff > 0)) throw_expected(rec.loc, "difficulty", "a positive difficulty", rec.text(f_diff));
      const double fees = rec.has(f_fee) ? rec.number(f_fee) : 0.0;
      if (!(fees >= 0 && fees <= 21e6))  // whole satoshis below 2^63, as the reward's sum needs
        throw_expected(rec.loc, "fees_btc_per_block", "a fee from 0 to 21,000,000 BTC", rec.text(f_fee));
      const std::int64_t height = rec.integer(f_h);
      if (height < 0) throw_expected(rec.loc, "block_height", "a height of at least 0", rec.text(f_h));
      const std::int64_t subsidy = block_subsidy_sats(height);
      if (rec.has(f_sub) && sats(rec.number(f_sub)) != subsidy)
        throw_expected(rec.loc, "subsidy_btc",
                       "the subsidy at height " + std::to_string(height) + ", " + format_double(static_cast<double>(subsidy) / 1e8),
                       rec.text(f_sub));
      const double btc = rec.number(f_btc);
      if (!(btc > 0)) throw_expected(rec.loc, "btc_usd", "a positive price", rec.text(f_btc));
      hp = hashprice_usd_per_ph_day(diff, subsidy + sats(fees), btc);
      if (rec.has(f_hp) && std::abs(rec.number(f_hp) - hp) > 1e-9 * std::max(1.0, hp))
        throw_expected(rec.loc, "hashprice_usd_per_ph_day",
                       "the hashprice of its difficulty, block reward and BTC price, " + format_double(hp),
                       rec.text(f_hp));
    } else if (rec.has(f_hp)) {
      hp = rec.number(f_hp);
    } else {
      throw_data_error(rec.loc, "hashprice_usd_per_ph_day", "missing (give hashprice_usd_per_ph_day or btc_usd, difficulty and block_height)");
    }
    if (!(hp >= 0)) throw_data_error(rec.loc, "hashprice_usd_per_ph_day", "must not be negative");
    add_step(s, rec, rec.time(f_from), hp);
  }
  if (s.empty() && !empty_ok) throw Error(exit_code::data, s.source + ": no hashprice records");
  return s;
}

StepSeries read_reserve_series(const std::string& path) {
  const RecordSpec& spec = record_spec("reserve_price");
  RecordReader rd(path, spec);
  const std::size_t f_from = spec.at("valid_from"), f_p = spec.at("reserve_usd_per_mw_hour");
  StepSeries s;
  s.source = rd.display_name();
  Record rec;
  while (rd.next(rec)) {
    const double v = rec.number(f_p);
    if (v < 0) throw_expected(rec.loc, "reserve_usd_per_mw_hour", "a price of at least 0", rec.text(f_p));
    add_step(s, rec, rec.time(f_from), v);
  }
  if (s.empty()) throw Error(exit_code::data, s.source + ": no reserve_price records");
  return s;
}

// peak_interval records: flagged interval starts, each in a window (default "all").
void read_peak_windows(const std::string& path, Grid& g) {
  const RecordSpec& spec = record_spec("peak_interval");
  RecordReader rd(path, spec);
  const std::size_t f_start = spec.at("interval_start"), f_w = spec.at("window");
  g.peak_source = rd.display_name();
  std::vector<std::pair<UtcTime, std::size_t>> rows;
  Record rec;
  while (rd.next(rec)) {
    const std::string w = rec.has(f_w) ? std::string(rec.text(f_w)) : std::string("all");
    auto it = std::find(g.peak_window_names.begin(), g.peak_window_names.end(), w);
    if (it == g.peak_window_names.end()) it = g.peak_window_names.insert(g.peak_window_names.end(), w);
    rows.emplace_back(rec.time(f_start), static_cast<std::size_t>(it - g.peak_window_names.begin()));
  }
  if (rows.empty()) throw Error(exit_code::data, g.peak_source + ": no peak_interval records");
  for (const auto& [t, w] : rows) g.peak_file_flags.emplace_back(t, g.peak_window_names[w]);
}

// load_forecast records of one area, for 4CP candidates.
void read_load_forecast(const std::string& path, const std::string& area, Grid& g) {
  const RecordSpec& spec = record_spec("load_forecast");
  RecordReader rd(path, spec);
  const std::size_t f_start = spec.at("interval_start"), f_min = spec.at("interval_minutes"), f_area = spec.at("area"),
                    f_mw = spec.at("forecast_mw"), f_pub = spec.at("published_at");
  Record rec;
  while (rd.next(rec)) {
    if (rec.text(f_area) != area) continue;
    const std::int64_t m = rec.integer(f_min);
    if (m <= 0 || m > 24 * 60) throw_expected(rec.loc, "interval_minutes", "a length from 1 to 1440", rec.text(f_min));
    g.load_forecast.push_back({rec.time(f_start), static_cast<int>(m), rec.time(f_pub), rec.number(f_mw)});
  }
  if (g.load_forecast.empty()) throw Error(exit_code::data, rd.display_name() + ": no load_forecast records for area '" + area + "'");
  std::stable_sort(g.load_forecast.begin(), g.load_forecast.end(), [](const auto& a, const auto& b) {
    return a.published_at != b.published_at ? a.published_at < b.published_at : a.start < b.start;
  });
}

// as_price records of the products asked for (all five ERCOT ones when none are named).
std::vector<AsProduct> read_as_prices(const std::string& path, std::vector<std::string> wanted) {
  static const std::vector<std::string> known{"REGUP", "REGDN", "RRS", "ECRS", "NSPIN"};
  const RecordSpec& spec = record_spec("as_price");
  RecordReader rd(path, spec);
  const std::size_t f_start = spec.at("interval_start"), f_min = spec.at("interval_minutes"),
                    f_prod = spec.at("product"), f_price = spec.at("price_per_mw"), f_pub = spec.at("published_at");
  const bool all = wanted.empty();
  if (all) wanted = known;
  std::vector<AsProduct> out;
  for (const auto& w : wanted) {
    AsProduct p;
    p.name = w, p.down = w == "REGDN", p.source = rd.display_name();
    out.push_back(std::move(p));
  }
  Record rec;
  while (rd.next(rec)) {
    if (rec.has(f_pub)) continue;  // a forecast of a clearing price: the cleared one is used
    const std::string name(rec.text(f_prod));
    auto it = std::find_if(out.begin(), out.end(), [&](const AsProduct& p) { return p.name == name; });
    if (it == out.end()) {
      if (all) throw_expected(rec.loc, "product", "one of REGUP, REGDN, RRS, ECRS, NSPIN (or name the products in as_products)", name);
      continue;
    }
    const UtcTime t = rec.time(f_start);
    if (!it->start.empty() && t < it->start.back() + std::chrono::minutes(it->minutes.back()))
      throw_data_error(rec.loc, "interval_start", name + " prices must be in time order without overlaps, got " +
                                                      format_iso8601_utc(t) + " after " + format_iso8601_utc(it->start.back()));
    const std::int64_t m = rec.integer(f_min);
    if (m <= 0 || m > 24 * 60) throw_expected(rec.loc, "interval_minutes", "a length from 1 to 1440", rec.text(f_min));
    it->start.push_back(t), it->minutes.push_back(static_cast<int>(m)), it->usd_per_mw_hour.push_back(rec.number(f_price));
  }
  out.erase(std::remove_if(out.begin(), out.end(), [](const AsProduct& p) { return p.start.empty(); }), out.end());
  if (out.empty()) throw Error(exit_code::data, rd.display_name() + ": no as_price records of the products asked for");
  return out;
}

std::vector<std::string> string_list(const TableReader& r, const std::string& key) {
  std::vector<std::string> v;
  const toml::node* n = r.table().get(key);
  if (!n) return v;
  const toml::array* a = n->as_array();
  if (!a) r.fail(*n, key, "expected an array of strings in " + r.where());
  for (const auto& e : *a) {
    auto s = e.value_exact<std::string>();
    if (!s) r.fail(e, key, "expected an array of strings in " + r.where());
    v.push_back(*s);
  }
  return v;
}

std::vector<DrEvent> read_dr_events(const std::string& path) {
  const RecordSpec& spec = record_spec("dr_event");
  RecordReader rd(path, spec);
  const std::size_t f_s = spec.at("start"), f_e = spec.at("end"), f_to = spec.at("reduce_to_mw"),
                    f_by = spec.at("reduce_by_mw"), f_p = spec.at("program"), f_pen = spec.at("penalty_usd_per_mwh");
  std::vector<DrEvent> v;
  Record rec;
  while (rd.next(rec)) {
    DrEvent e;
    e.start = rec.time(f_s), e.end = rec.time(f_e);
    if (e.end <= e.start) throw_data_error(rec.loc, "end", "must be after start");
    if (rec.has(f_to) == rec.has(f_by)) throw_data_error(rec.loc, "reduce_to_mw", "give reduce_to_mw or reduce_by_mw, one of them");
    if (rec.has(f_to)) e.reduce_to_mw = rec.number(f_to);
    if (rec.has(f_by)) e.reduce_by_mw = rec.number(f_by);
    if ((e.reduce_to_mw && *e.reduce_to_mw < 0) || (e.reduce_by_mw && *e.reduce_by_mw < 0))
      throw_data_error(rec.loc, e.reduce_to_mw ? "reduce_to_mw" : "reduce_by_mw", "must not be negative");
    e.program = std::string(rec.text(f_p));
    e.penalty_usd_per_mwh = rec.number(f_pen);
    if (e.penalty_usd_per_mwh < 0) throw_expected(rec.loc, "penalty_usd_per_mwh", "a penalty of at least 0", rec.text(f_pen));
    v.push_back(std::move(e));
  }
  if (v.empty()) throw Error(exit_code::data, rd.display_name() + ": no dr_event records");
  std::stable_sort(v.begin(), v.end(), [](const DrEvent& a, const DrEvent& b) { return a.start < b.start; });
  return v;
}

}  // namespace

void flag_peaks(Grid& g, const std::string& zone, std::optional<UtcTime> as_of) {
  std::vector<std::pair<UtcTime, std::string>> flags = g.peak_file_flags;
  if (g.peak_threshold_mw) {
    std::map<UtcTime, double> newest;  // interval start -> newest forecast known
    for (const auto& f : g.load_forecast) {
      if (as_of && f.published_at > *as_of) break;  // sorted by publication
      newest[f.start] = f.mw;
    }
    for (const auto& [t, mw] : newest) {
      if (mw < *g.peak_threshold_mw) continue;
      const auto days = std::chrono::floor<std::chrono::days>(zone.empty() ? LocalTime(t.time_since_epoch()) : utc_to_local(t, zone));
      const std::chrono::year_month_day ymd{std::chrono::sys_days(days.time_since_epoch())};
      char name[16];
      std::snprintf(name, sizeof name, "%04d-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()));
      flags.emplace_back(t, name);
    }
  }
  g.peak_starts.clear(), g.peak_window.clear(), g.peak_window_names.clear();
  std::sort(flags.begin(), flags.end());
  flags.erase(std::unique(flags.begin(), flags.end()), flags.end());
  // Window names in order of first appearance in the file, then of time.
  for (const auto& [t, w] : g.peak_file_flags)
    if (std::find(g.peak_window_names.begin(), g.peak_window_names.end(), w) == g.peak_window_names.end())
      g.peak_window_names.push_back(w);
  for (const auto& [t, w] : flags) {
    auto it = std::find(g.peak_window_names.begin(), g.peak_window_names.end(), w);
    if (it == g.peak_window_names.end()) it = g.peak_window_names.insert(g.peak_window_names.end(), w);
    g.peak_starts.push_back(t);
    g.peak_window.push_back(static_cast<std::size_t>(it - g.peak_window_names.begin()));
  }
}

// The flexibility clause's flex_* keys (AiFlex), each checked in range.
void read_flex(TableReader& r, const toml::table& t, const std::string& where, AiBlock& b) {
  const bool any = r.has("flex_max_cap_pct");
  for (const char* key : {"flex_hours_per_day", "flex_events_per_month", "flex_notice_minutes", "flex_cost_usd_per_mwh"})
    if (r.has(key) && !any) r.fail(*t.get(key), key, std::string(key) + " needs flex_max_cap_pct (the clause's largest cap) in " + where);
  if (!any) return;
  AiFlex& f = b.flex;
  f.max_cap_pct = r.required_number("flex_max_cap_pct");
  if (!(f.max_cap_pct > 0 && f.max_cap_pct <= 100))
    r.fail(*t.get("flex_max_cap_pct"), "flex_max_cap_pct", "expected a percent above 0 and up to 100 in " + where);
  // An interruptible block may be switched off whole: a clause to cap it adds nothing.
  if (!b.firm) r.fail(*t.get("flex_max_cap_pct"), "flex_max_cap_pct", "a flexibility clause needs a firm block (firm = true) in " + where);
  f.hours_per_day = r.number_or("flex_hours_per_day", 24);
  if (!(f.hours_per_day >= 0 && f.hours_per_day <= 24))
    r.fail(*t.get("flex_hours_per_day"), "flex_hours_per_day", "expected hours from 0 to 24 in " + where);
  auto whole = [&](const char* key, double def, double hi) {
    const double v = r.number_or(key, def);
    if (!(v >= 0 && v <= hi && v == std::floor(v)))
      r.fail(*t.get(key), key, "expected a whole number from 0 to " + format_double(hi) + " in " + where);
    return static_cast<int>(v);
  };
  f.events_per_month = whole("flex_events_per_month", 1 << 20, 1 << 20);
  f.notice_minutes = whole("flex_notice_minutes", 0, 7 * 24 * 60);
  f.cost_usd_per_mwh = r.required_number("flex_cost_usd_per_mwh");
  if (f.cost_usd_per_mwh < 0) r.fail(*t.get("flex_cost_usd_per_mwh"), "flex_cost_usd_per_mwh", "expected a cost of at least 0 in " + where);
}

Site parse_site(const std::string& text, const std::string& file, const std::string& hashprice_file,
                bool hashprice_empty_ok) {
  toml::table root;
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    throw_data_error(Location{file, e.source().begin.line}, {}, std::string(e.description()));
  }
  TableReader top(root, file, "the site file", {"site", "economics", "grid", "mining", "ai", "storage", "operations"});
  Site s;

  const toml::table empty;
  auto sub = [&](const std::string& key) -> const toml::table& {
    const toml::node* n = root.get(key);
    if (!n) return empty;
    if (!n->is_table()) top.fail(*n, key, "expected a table [" + key + "]");
    return *n->as_table();
  };

  {
    TableReader r(sub("site"), file, "[site]", {"name", "currency", "timezone", "interconnect_mw", "aux_mw"});
    s.name = r.string("name").value_or("site");
    s.currency = r.string("currency").value_or("USD");
    s.timezone = r.string("timezone").value_or("");
    if (!root.contains("site")) top.fail_table("missing table [site] with interconnect_mw");
    s.interconnect_mw = r.required_number("interconnect_mw");
    s.aux_mw = r.number_or("aux_mw", 0);
    if (s.aux_mw > s.interconnect_mw) r.fail_table("aux_mw exceeds interconnect_mw in [site]");
  }
  std::string default_failsafe = "off";
  {
    TableReader r(sub("operations"), file, "[operations]",
                  {"max_price_age_minutes", "max_hashprice_age_minutes", "interval_minutes", "hold_max_minutes",
                   "failsafe", "max_ai_draw_age_minutes"});
    auto minutes = [&](const std::string& key, int def, int lo) {
      const double v = r.number_or(key, def);
      if (v < lo || v != std::floor(v) || v > 7 * 24 * 60)
        r.fail(*r.node(key), key, "expected whole minutes from " + std::to_string(lo) + " to 10080 in [operations]");
      return static_cast<int>(v);
    };
    s.operations.max_price_age_minutes = minutes("max_price_age_minutes", 30, 0);
    s.operations.max_hashprice_age_minutes = minutes("max_hashprice_age_minutes", 1440, 0);
    s.operations.interval_minutes = minutes("interval_minutes", 15, 1);
    if (60 * 24 % s.operations.interval_minutes != 0)
      r.fail(*r.node("interval_minutes"), "interval_minutes", "expected a length that divides a day (5, 15, 60 ...) in [operations]");
    s.operations.hold_max_minutes = minutes("hold_max_minutes", 60, 0);
    s.operations.max_ai_draw_age_minutes = minutes("max_ai_draw_age_minutes", 15, 0);
    default_failsafe = r.string("failsafe").value_or("off");
    if (default_failsafe != "off" && default_failsafe != "on" && default_failsafe != "hold")
      r.fail(*r.node("failsafe"), "failsafe", "expected off, on or hold in [operations], got \"" + default_failsafe + "\"");
  }
  {
    TableReader r(sub("economics"), file, "[economics]",
                  {"hashprice_usd_per_ph_day", "btc_usd", "difficulty", "block_height", "fees_btc_per_block",
                   "pool_fee", "hashprice_file"});
    s.economics.pool_fee = r.number_or("pool_fee", 0);
    if (s.economics.pool_fee >= 1) r.fail_table("pool_fee is a fraction below 1 in [economics]");
    if (!hashprice_file.empty()) {
      // In place of the file's; none yet (a fetch that never succeeded) is "missing" to now.
      s.economics.hashprice_series = read_hashprice_series(hashprice_file, hashprice_empty_ok);
      s.economics.hashprice_missing = s.economics.hashprice_series.empty();
    } else if (auto f = r.string("hashprice_file")) {
      if (r.has("hashprice_usd_per_ph_day") || r.has("btc_usd"))
        r.fail_table("give hashprice_file or a constant hashprice (hashprice_usd_per_ph_day, btc_usd/difficulty/block_height), not both, in [economics]");
      s.economics.hashprice_series = read_hashprice_series(relative_to(file, *f));
    } else if (auto hp = r.number("hashprice_usd_per_ph_day")) {
      if (r.has("btc_usd") || r.has("difficulty")) r.fail_table("give hashprice_usd_per_ph_day or btc_usd/difficulty/block_height, not both, in [economics]");
      s.economics.hashprice_usd_per_ph_day = *hp;
    } else if (r.has("btc_usd")) {
      const double btc = r.required_number("btc_usd");
      const double diff = r.required_number("difficulty");
      const auto height = static_cast<std::int64_t>(r.required_number("block_height"));
      const double fees = r.number_or("fees_btc_per_block", 0);
      const auto fee_sats = static_cast<std::int64_t>(std::llround(fees * static_cast<double>(sats_per_btc)));
      if (diff <= 0) r.fail_table("difficulty must be positive in [economics]");
      s.economics.hashprice_usd_per_ph_day = hashprice_usd_per_ph_day(diff, block_subsidy_sats(height) + fee_sats, btc);
    } else if (root.contains("mining")) {
      r.fail_table("missing hashprice_usd_per_ph_day (or btc_usd, difficulty, block_height) in [economics]");
    }
  }
  {
    TableReader r(sub("grid"), file, "[grid]",
                  {"adder_usd_per_mwh", "demand_charge_usd_per_kw_month", "reserve_usd_per_mw_hour", "reserve_max_mw",
                   "reserve_prices_file", "peak_windows_file", "peak_usd_per_mw", "as_prices_file", "as_products", "peak_forecast_file",
                   "peak_forecast_area", "peak_threshold_mw", "dr_events_file", "dr_baseline_minutes"});
    s.grid.adder_usd_per_mwh = r.number("adder_usd_per_mwh", true).value_or(0);
    s.grid.demand_charge_usd_per_kw_month = r.number_or("demand_charge_usd_per_kw_month", 0);
    s.grid.reserve_usd_per_mw_hour = r.number_or("reserve_usd_per_mw_hour", 0);
    s.grid.reserve_max_mw = r.number_or("reserve_max_mw", 0);
    if (auto f = r.string("reserve_prices_file")) {
      if (r.has("reserve_usd_per_mw_hour"))
        r.fail_table("give reserve_prices_file or reserve_usd_per_mw_hour, not both, in [grid]");
      s.grid.reserve_series = read_reserve_series(relative_to(file, *f));
    }
    if (auto f = r.string("as_prices_file")) {
      s.grid.as_products = read_as_prices(relative_to(file, *f), string_list(r, "as_products"));
    } else if (r.has("as_products")) {
      r.fail_table("as_products needs as_prices_file (the as_price records) in [grid]");
    }
    s.grid.peak_usd_per_mw = r.number_or("peak_usd_per_mw", 0);
    if (auto f = r.string("peak_windows_file")) {
      if (!r.has("peak_usd_per_mw")) r.fail_table("peak_windows_file needs peak_usd_per_mw in [grid]");
      read_peak_windows(relative_to(file, *f), s.grid);
    }
    if (auto f = r.string("peak_forecast_file")) {
      if (!r.has("peak_usd_per_mw")) r.fail_table("peak_forecast_file needs peak_usd_per_mw in [grid]");
      read_load_forecast(relative_to(file, *f), r.string("peak_forecast_area").value_or("system"), s.grid);
      s.grid.peak_threshold_mw = r.number("peak_threshold_mw");  // or allocate --peak-threshold
    } else if (r.has("peak_threshold_mw") || r.has("peak_forecast_area")) {
      r.fail_table("peak_threshold_mw and peak_forecast_area need peak_forecast_file in [grid]");
    }
    if (auto f = r.string("dr_events_file")) s.dr_events = read_dr_events(relative_to(file, *f));
    const double bm = r.number_or("dr_baseline_minutes", 60);
    if (bm < 1 || bm != std::floor(bm)) r.fail_table("dr_baseline_minutes must be a whole number of minutes, at least 1, in [grid]");
    s.dr_baseline_minutes = static_cast<int>(bm);
    if (r.has("peak_usd_per_mw") && !r.has("peak_windows_file") && !r.has("peak_forecast_file"))
      r.fail_table("peak_usd_per_mw needs peak_windows_file or peak_forecast_file (the flagged intervals) in [grid]");
  }
  std::vector<std::string> names;
  auto unique_name = [&](const TableReader& r, const std::string& what, std::size_t i) {
    std::string n = r.string("name").value_or(what + "-" + std::to_string(i + 1));
    if (std::find(names.begin(), names.end(), n) != names.end()) r.fail_table("name '" + n + "' used twice");
    names.push_back(n);
    return n;
  };
  for_each_table_in_array(root, "mining", file, [&](const toml::table& t, std::size_t i) {
    const std::string where = "[[mining]] #" + std::to_string(i + 1);
    TableReader r(t, file, where,
                  {"name", "model", "units", "ths_per_unit", "watts_per_unit", "j_per_th", "pue", "aux_mw",
                   "ramp_mw_per_minute", "min_on_minutes", "min_off_minutes", "modes", "strike_usd_per_mwh",
                   "strike_after_intervals", "resume_after_intervals", "emergency_strike_usd_per_mwh",
                   "controllable_load_resource", "as_products", "failsafe"});
    MiningClass c;
    c.name = unique_name(r, "mining", i);
    c.model = r.string("model").value_or("");
    const double units = r.required_number("units");
    if (units != std::floor(units)) r.fail_table("units must be a whole number in " + where);
    c.units = static_cast<std::int64_t>(units);
    c.modes.push_back(read_mode(r, "full"));
    c.pue = r.number_or("pue", 1.0);
    if (c.pue < 1) r.fail_table("pue must be at least 1 in " + where);
    c.aux_mw = r.number_or("aux_mw", 0);
    c.ramp_mw_per_minute = r.number_or("ramp_mw_per_minute", 0);
    c.min_on_minutes = static_cast<int>(r.number_or("min_on_minutes", 0));
    c.min_off_minutes = static_cast<int>(r.number_or("min_off_minutes", 0));
    if (r.has("strike_usd_per_mwh") || r.has("emergency_strike_usd_per_mwh")) {
      StrikeRule k;
      k.strike_usd_per_mwh = r.number("strike_usd_per_mwh", true);
      k.emergency_usd_per_mwh = r.number("emergency_strike_usd_per_mwh", true);
      auto count = [&](const std::string& key) {
        const double v = r.number_or(key, 1);
        if (v < 1 || v != std::floor(v)) r.fail_table(key + " must be a whole number of intervals, at least 1, in " + where);
        return static_cast<int>(v);
      };
      k.after = count("strike_after_intervals");
      k.resume_after = count("resume_after_intervals");
      if (k.strike_usd_per_mwh && k.emergency_usd_per_mwh && *k.emergency_usd_per_mwh < *k.strike_usd_per_mwh)
        r.fail_table("emergency_strike_usd_per_mwh is below strike_usd_per_mwh in " + where);
      c.strike = k;
    } else if (r.has("strike_after_intervals") || r.has("resume_after_intervals")) {
      r.fail_table("strike_after_intervals and resume_after_intervals need strike_usd_per_mwh in " + where);
    }
    c.controllable_load_resource = r.boolean("controllable_load_resource").value_or(false);
    for (const auto& name : string_list(r, "as_products")) {
      const auto& g = s.grid.as_products;
      auto it = std::find_if(g.begin(), g.end(), [&](const AsProduct& p) { return p.name == name; });
      if (it == g.end()) r.fail_table("as_products names '" + name + "', which has no prices in [grid] as_prices_file, in " + where);
      if ((name == "REGUP" || name == "REGDN") && !c.controllable_load_resource)
        r.fail_table(name + " (regulation) needs controllable_load_resource = true in " + where);
      const auto idx = static_cast<std::size_t>(it - g.begin());
      if (std::find(c.as_products.begin(), c.as_products.end(), idx) != c.as_products.end())
        r.fail_table("as_products names '" + name + "' twice in " + where);
      c.as_products.push_back(idx);
    }
    for_each_table_in_array(t, "modes", file, [&](const toml::table& mt, std::size_t j) {
      const std::string mwhere = where + " mode #" + std::to_string(j + 1);
      TableReader mr(mt, file, mwhere, {"name", "ths_per_unit", "watts_per_unit", "j_per_th"});
      PowerMode m = read_mode(mr, mr.string("name").value_or("mode-" + std::to_string(j + 1)));
      if (m.name == "full" || m.name == "off") mr.fail_table("mode names 'full' and 'off' are reserved in " + mwhere);
      c.modes.push_back(m);
    });
    c.failsafe = r.string("failsafe").value_or(default_failsafe);
    bool known = c.failsafe == "off" || c.failsafe == "on" || c.failsafe == "hold";
    for (const auto& m : c.modes) known = known || m.name == c.failsafe;
    if (!known) r.fail(*t.get("failsafe"), "failsafe", "expected off, on, hold or a mode of the class in " + where + ", got \"" + c.failsafe + "\"");
    s.mining.push_back(std::move(c));
  });
  for_each_table_in_array(root, "ai", file, [&](const toml::table& t, std::size_t i) {
    const std::string where = "[[ai]] #" + std::to_string(i + 1);
    TableReader r(t, file, where,
                  {"name", "it_mw", "pue", "firm", "revenue_usd_per_mwh", "usd_per_gpu_hour", "gpus_per_mw",
                   "lease_usd_per_kw_month", "penalty_usd_per_mwh", "uptime", "power_payer", "failsafe",
                   "measured_margin_mw", "flex_max_cap_pct", "flex_hours_per_day", "flex_events_per_month",
                   "flex_notice_minutes", "flex_cost_usd_per_mwh"});
    AiBlock b;
    b.name = unique_name(r, "ai", i);
    b.it_mw = r.required_number("it_mw");
    b.pue = r.number_or("pue", 1.0);
    if (b.pue < 1) r.fail_table("pue must be at least 1 in " + where);
    b.firm = r.boolean("firm").value_or(true);
    b.revenue_usd_per_mwh = r.number_or("revenue_usd_per_mwh", 0);
    if (auto g = r.number("usd_per_gpu_hour")) {
      if (r.has("revenue_usd_per_mwh")) r.fail_table("give revenue_usd_per_mwh or usd_per_gpu_hour, not both, in " + where);
      if (!r.has("gpus_per_mw")) r.fail_table("usd_per_gpu_hour needs gpus_per_mw in " + where);
      b.revenue_usd_per_mwh = *g * r.required_number("gpus_per_mw");
    }
    b.lease_usd_per_kw_month = r.number_or("lease_usd_per_kw_month", 0);
    b.penalty_usd_per_mwh = r.number_or("penalty_usd_per_mwh", 0);
    b.uptime = r.number_or("uptime", 0);
    if (b.uptime > 1) r.fail_table("uptime is a fraction up to 1 in " + where);
    const std::string payer = r.string("power_payer").value_or("landlord");
    if (payer != "landlord" && payer != "tenant")
      r.fail(*t.get("power_payer"), "power_payer", "expected landlord (the site pays) or tenant, got \"" + payer + "\" in " + where);
    b.tenant_pays_power = payer == "tenant";
    // Serving an interruptible block is the site's price decision, which weighs the power it pays.
    if (b.tenant_pays_power && !b.firm)
      r.fail(*t.get("power_payer"), "power_payer", "a block whose tenant pays its power is firm (firm = true) in " + where);
    b.failsafe = r.string("failsafe").value_or(b.firm ? "on" : default_failsafe);
    if (b.failsafe != "off" && b.failsafe != "on" && b.failsafe != "hold")
      r.fail(*t.get("failsafe"), "failsafe", "expected off, on or hold in " + where + ", got \"" + b.failsafe + "\"");
    // A hall's load steps up by whole jobs between two readings: by default a tenth of the
    // block's facility MW stays free above its measured draw.
    b.measured_margin_mw = r.number_or("measured_margin_mw", 0.1 * b.facility_mw());
    if (b.measured_margin_mw < 0) r.fail(*t.get("measured_margin_mw"), "measured_margin_mw", "expected MW of at least 0 in " + where);
    read_flex(r, t, where, b);
    s.ai.push_back(std::move(b));
  });
  for_each_table_in_array(root, "storage", file, [&](const toml::table& t, std::size_t i) {
    const std::string where = "[[storage]] #" + std::to_string(i + 1);
    TableReader r(t, file, where,
                  {"name", "energy_mwh", "power_mw", "round_trip_efficiency", "degradation_usd_per_mwh", "initial_soc_mwh"});
    Storage b;
    b.name = unique_name(r, "storage", i);
    b.energy_mwh = r.required_number("energy_mwh");
    b.power_mw = r.required_number("power_mw");
    b.round_trip_efficiency = r.number_or("round_trip_efficiency", 1.0);
    if (b.round_trip_efficiency <= 0 || b.round_trip_efficiency > 1)
      r.fail_table("round_trip_efficiency is a fraction above 0 and up to 1 in " + where);
    b.degradation_usd_per_mwh = r.number_or("degradation_usd_per_mwh", 0);
    b.initial_soc_mwh = r.number_or("initial_soc_mwh", 0);
    if (b.initial_soc_mwh > b.energy_mwh) r.fail_table("initial_soc_mwh exceeds energy_mwh in " + where);
    s.storage.push_back(std::move(b));
  });
  if (s.mining.empty() && s.ai.empty()) top.fail_table("the site has no [[mining]] class and no [[ai]] block");
  flag_peaks(s.grid, s.timezone);
  return s;
}

void read_ai_draw(Site& site, const std::string& path) {
  const RecordSpec& spec = record_spec("ai_draw");
  RecordReader rd(path, spec);
  const std::size_t f_at = spec.at("measured_at"), f_block = spec.at("block"), f_it = spec.at("it_mw"),
                    f_un = spec.at("uncapped_it_mw");
  Record rec;
  while (rd.next(rec)) {
    const std::string name(rec.text(f_block));
    auto b = std::find_if(site.ai.begin(), site.ai.end(), [&](const AiBlock& x) { return x.name == name; });
    if (b == site.ai.end()) throw_expected(rec.loc, "block", "an [[ai]] block of the site file", name);
    const double un = rec.number(f_un), it = rec.number(f_it);
    if (!(un >= 0)) throw_expected(rec.loc, "uncapped_it_mw", "MW of at least 0", rec.text(f_un));
    // Servers under a limit count at their nameplate in uncapped_it_mw, so it is never below
    // what they draw.
    if (!(it >= 0 && it <= un * (1 + 1e-9) + 1e-9))
      throw_expected(rec.loc, "it_mw", "MW from 0 to uncapped_it_mw (" + std::string(rec.text(f_un)) + ")", rec.text(f_it));
    if (b->measured_it_mw.source.empty()) b->measured_it_mw.source = rd.display_name();
    auto& series = b->measured_it_mw;
    const UtcTime at = rec.time(f_at);
    if (!series.from.empty() && at <= series.from.back())
      throw_data_error(rec.loc, "measured_at", "a block's readings must be in time order without repeats, got " +
                                                   format_iso8601_utc(at) + " after " + format_iso8601_utc(series.from.back()));
    series.from.push_back(at), series.value.push_back(un);
  }
}

Site load_site(const std::string& path, const std::string& hashprice_file, bool hashprice_empty_ok) {
  return parse_site(read_whole_file(path), path, hashprice_file, hashprice_empty_ok);
}

}  // namespace hs::dispatch
