#include "records/profile_record.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/cli.hpp"
#include "core/error.hpp"
#include "core/parse.hpp"
#include "core/record_spec.hpp"

namespace hs::profile {

std::optional<double> Row::joules_per_th() const {
  if (workload != "sha256d" || !watts || rate <= 0) return std::nullopt;
  return *watts / (rate / 1e12);
}

std::optional<double> Row::gflops_per_watt() const {
  // Every FLOP workload: sgemm_fp32 rates are in GFLOP/s, gemm_* in TFLOP/s.
  if (!watts || *watts <= 0) return std::nullopt;
  if (rate_unit == "GFLOP/s") return rate / *watts;
  if (rate_unit == "TFLOP/s") return rate * 1e3 / *watts;
  return std::nullopt;
}

std::optional<double> Row::fraction_of_peak() const {
  if (!peak_rate || *peak_rate <= 0) return std::nullopt;
  return rate / *peak_rate;
}

std::optional<double> Row::rate_per_watt() const {
  if (!watts || *watts <= 0) return std::nullopt;
  return rate / *watts;
}

int Row::unit_decimals() const {
  // H/s are whole; TFLOP/s to 0.0001 so that a small GPU's rate is not 0.
  if (workload == "sha256d") return 0;
  return rate_unit == "TFLOP/s" ? 4 : 2;
}

int Row::rate_decimals() const {
  // A rate below 1 keeps four significant digits: rounded to the unit's decimals, a slow device
  // (a CPU stand-in under a sanitizer: 0.00003 TFLOP/s) would be written as 0, which no reader
  // of profile records accepts.
  const int base = unit_decimals();
  if (!(rate > 0 && rate < 1)) return base;
  return std::max(base, 3 - static_cast<int>(std::floor(std::log10(rate))));
}

std::vector<Cell> Row::cells() const {
  // A meter's reading (NVML, RAPL, a miner's firmware read by fleet) to 0.1 W, and what is
  // derived from it to 0.1 J/TH or 0.001 GFLOP/s per W: more digits would be noise. Watts the
  // user or a spec sheet gave stay as given; what is derived from them (J/TH, GFLOP/s per W,
  // rate per W) keeps five significant digits, the most a sheet's figures support
  // (488624.956011... J/TH is 488625, 1.41342857... TFLOP/s per W is 1.4134).
  const bool metered = watts_source == "nvml" || watts_source == "rapl" || watts_source == "fleet";
  auto opt = [metered](std::optional<double> v, int decimals) -> Cell {
    if (!v) return Cell{};
    return metered ? Cell{Fixed{*v, decimals}} : Cell{*v};
  };
  auto derived = [metered](std::optional<double> v, int metered_decimals) -> Cell {
    if (!v) return Cell{};
    if (metered) return Cell{Fixed{*v, metered_decimals}};
    // Rounded, then written as the shortest decimal of that double: 21.5, not 21.500.
    const int magnitude = *v > 0 ? static_cast<int>(std::floor(std::log10(*v))) : 0;
    const double scale = std::pow(10.0, std::clamp(4 - magnitude, 0, 6));
    return Cell{std::round(*v * scale) / scale};
  };
  return {device,
          workload,
          Fixed{rate, rate_decimals()},
          rate_unit,
          opt(watts, 1),
          watts_source.empty() ? Cell{} : Cell{watts_source},
          derived(joules_per_th(), 1),
          derived(gflops_per_watt(), 3),
          verified,
          peak_rate ? Cell{Fixed{*peak_rate, unit_decimals()}} : Cell{},
          peak_source.empty() ? Cell{} : Cell{peak_source},
          fraction_of_peak() ? Cell{Fixed{*fraction_of_peak(), 4}} : Cell{},
          derived(rate_per_watt(), 4)};
}

const std::vector<std::string>& known_workloads() {
  static const std::vector<std::string> all{"sha256d",        "sgemm_fp32",     "gemm_fp32",       "gemm_tf32",
                                            "gemm_fp16",      "gemm_bf16",      "gemm_fp8_e4m3",   "bandwidth_copy",
                                            "bandwidth_triad", "bandwidth_memcpy"};
  return all;
}

bool known_workload(const std::string& workload) {
  for (const auto& w : known_workloads())
    if (w == workload) return true;
  return false;
}

std::string rate_unit_for(const std::string& workload) {
  if (workload == "sha256d") return "H/s";
  if (workload == "sgemm_fp32") return "GFLOP/s";
  if (known_workload(workload)) return workload.rfind("gemm_", 0) == 0 ? "TFLOP/s" : "GB/s";
  std::string list;
  for (const auto& w : known_workloads()) list += (list.empty() ? "" : ", ") + w;
  throw_usage("unknown workload \"" + workload + "\" (known: " + list + ")");
}

namespace {

// Factor from `unit` to the workload's own unit; 0 when the unit does not fit the workload.
double unit_factor(const std::string& workload, const std::string& unit) {
  static const std::pair<const char*, double> hash_units[] = {
      {"H/s", 1}, {"kH/s", 1e3}, {"MH/s", 1e6}, {"GH/s", 1e9}, {"TH/s", 1e12}, {"PH/s", 1e15}};
  static const std::pair<const char*, double> flop_units[] = {
      {"GFLOP/s", 1}, {"MFLOP/s", 1e-3}, {"TFLOP/s", 1e3}, {"PFLOP/s", 1e6}};
  static const std::pair<const char*, double> byte_units[] = {
      {"GB/s", 1}, {"MB/s", 1e-3}, {"TB/s", 1e3}, {"GiB/s", 1.073741824}, {"MiB/s", 1.048576e-3}};
  const std::string own = rate_unit_for(workload);
  auto find = [&unit](const auto& table, double scale) -> double {
    for (const auto& [name, f] : table)
      if (unit == name) return f * scale;
    return 0;
  };
  if (workload == "sha256d") return find(hash_units, 1);
  if (own == "GFLOP/s") return find(flop_units, 1);
  if (own == "TFLOP/s") return find(flop_units, 1e-3);
  return find(byte_units, 1);
}

void check_agrees(const Record& rec, std::size_t field, const std::string& name, std::optional<double> derived,
                  const std::string& from = "rate and watts") {
  if (!rec.has(field)) return;
  const double given = rec.number(field);
  if (!derived)
    throw_data_error(rec.loc, name, from == "rate and watts" ? "given without the watts it is derived from"
                                                             : "given without the " + from + " it is derived from");
  if (std::fabs(given - *derived) > 0.01 * std::fabs(*derived))
    throw_data_error(rec.loc, name,
                     "is " + format_double(given) + " but " + from + " give " + format_double(*derived));
}

}  // namespace

const RecordSpec& spec_sheet_fields() {
  static const RecordSpec spec = [] {
    RecordSpec s = record_spec("profile");
    for (auto& f : s.fields)
      if (f.name == "verified") f.required = false;
    return s;
  }();
  return spec;
}

Row normalize_spec(const Record& rec) {
  const RecordSpec& s = *rec.spec;
  Row row;
  row.device = std::string(trim(rec.text(s.at("device"))));
  if (row.device.empty()) throw_data_error(rec.loc, "device", "must not be empty");
  row.workload = std::string(trim(rec.text(s.at("workload"))));
  if (!known_workload(row.workload)) {
    std::string list;
    for (const auto& w : known_workloads()) list += (list.empty() ? "" : ", ") + w;
    throw_expected(rec.loc, "workload", "one of " + list, row.workload);
  }
  row.rate_unit = rate_unit_for(row.workload);
  const std::string unit{trim(rec.text(s.at("rate_unit")))};
  const double factor = unit_factor(row.workload, unit);
  if (factor == 0)
    throw_expected(rec.loc, "rate_unit",
                   row.workload == "sha256d"       ? "a hash rate unit (H/s, kH/s, MH/s, GH/s, TH/s, PH/s)"
                   : row.rate_unit == "GB/s" ? "a byte rate unit (MB/s, GB/s, TB/s, MiB/s, GiB/s)"
                                             : "a FLOP rate unit (MFLOP/s, GFLOP/s, TFLOP/s, PFLOP/s)",
                   unit);
  const double rate = rec.number(s.at("rate"));
  if (!(rate > 0) || !std::isfinite(rate)) throw_expected(rec.loc, "rate", "a positive number", rec.text(s.at("rate")));
  row.rate = rate * factor;
  if (auto w = rec.optional_number(s.at("watts"))) {
    if (!(*w > 0) || !std::isfinite(*w)) throw_expected(rec.loc, "watts", "a positive number", rec.text(s.at("watts")));
    row.watts = *w;
  }
  row.watts_source = std::string(trim(rec.text(s.at("watts_source"))));
  if (row.watts && row.watts_source.empty()) row.watts_source = "spec";
  if (!row.watts && !row.watts_source.empty())
    throw_data_error(rec.loc, "watts_source", "given without watts");
  if (auto pk = rec.optional_number(s.at("peak_rate"))) {
    if (!(*pk > 0) || !std::isfinite(*pk))
      throw_expected(rec.loc, "peak_rate", "a positive number", rec.text(s.at("peak_rate")));
    row.peak_rate = *pk * factor;  // in the same unit as rate
    row.peak_source = std::string(trim(rec.text(s.at("peak_source"))));
    if (row.peak_source.empty()) row.peak_source = "spec";
  } else if (!trim(rec.text(s.at("peak_source"))).empty()) {
    throw_data_error(rec.loc, "peak_source", "given without peak_rate");
  }
  if (rec.has(s.at("joules_per_th")) && row.workload != "sha256d")
    throw_data_error(rec.loc, "joules_per_th", "applies to sha256d only");
  if (rec.has(s.at("gflops_per_watt")) && row.rate_unit != "GFLOP/s" && row.rate_unit != "TFLOP/s")
    throw_data_error(rec.loc, "gflops_per_watt", "applies to FLOP workloads only (sgemm_fp32, gemm_*)");
  check_agrees(rec, s.at("fraction_of_peak"), "fraction_of_peak", row.fraction_of_peak(), "rate and peak_rate");
  if (rec.has(s.at("rate_per_watt"))) {
    // Given in the record's own unit per watt: compare before the unit is normalized.
    const auto given_rpw = row.rate_per_watt();
    check_agrees(rec, s.at("rate_per_watt"), "rate_per_watt",
                 given_rpw ? std::optional<double>(*given_rpw / factor) : std::nullopt);
  }
  check_agrees(rec, s.at("joules_per_th"), "joules_per_th", row.joules_per_th());
  check_agrees(rec, s.at("gflops_per_watt"), "gflops_per_watt", row.gflops_per_watt());
  if (rec.has(s.at("verified")) && rec.boolean(s.at("verified")))
    warn(format_location(rec.loc, "verified") + "a hand-written record is not a checked measurement; written as false");
  row.verified = false;
  return row;
}

}  // namespace hs::profile
