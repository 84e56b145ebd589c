#include "compute/profile_record.hpp"

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
  if (workload != "sgemm_fp32" || !watts || *watts <= 0) return std::nullopt;
  return rate / *watts;
}

std::vector<Cell> Row::cells() const {
  // A meter's reading (NVML, RAPL) to 0.1 W, and what is derived from it to 0.1 J/TH or 0.001
  // GFLOP/s per W: more digits would be noise. Figures the user or a spec sheet gave stay as given.
  const bool metered = watts_source == "nvml" || watts_source == "rapl";
  auto opt = [metered](std::optional<double> v, int decimals) -> Cell {
    if (!v) return Cell{};
    return metered ? Cell{Fixed{*v, decimals}} : Cell{*v};
  };
  return {device,
          workload,
          Fixed{rate, workload == "sha256d" ? 0 : 2},
          rate_unit,
          opt(watts, 1),
          watts_source.empty() ? Cell{} : Cell{watts_source},
          opt(joules_per_th(), 1),
          opt(gflops_per_watt(), 3),
          verified};
}

bool known_workload(const std::string& workload) { return workload == "sha256d" || workload == "sgemm_fp32"; }

std::string rate_unit_for(const std::string& workload) {
  if (workload == "sha256d") return "H/s";
  if (workload == "sgemm_fp32") return "GFLOP/s";
  throw_usage("unknown workload \"" + workload + "\" (known: sha256d, sgemm_fp32)");
}

namespace {

// Factor from `unit` to the workload's own unit; 0 when the unit does not fit the workload.
double unit_factor(const std::string& workload, const std::string& unit) {
  static const std::pair<const char*, double> hash_units[] = {
      {"H/s", 1}, {"kH/s", 1e3}, {"MH/s", 1e6}, {"GH/s", 1e9}, {"TH/s", 1e12}, {"PH/s", 1e15}};
  static const std::pair<const char*, double> flop_units[] = {
      {"GFLOP/s", 1}, {"MFLOP/s", 1e-3}, {"TFLOP/s", 1e3}, {"PFLOP/s", 1e6}};
  if (workload == "sha256d") {
    for (const auto& [name, f] : hash_units)
      if (unit == name) return f;
  } else {
    for (const auto& [name, f] : flop_units)
      if (unit == name) return f;
  }
  return 0;
}

void check_agrees(const Record& rec, std::size_t field, const std::string& name, std::optional<double> derived) {
  if (!rec.has(field)) return;
  const double given = rec.number(field);
  if (!derived) throw_data_error(rec.loc, name, "given without the watts it is derived from");
  if (std::fabs(given - *derived) > 0.01 * std::fabs(*derived))
    throw_data_error(rec.loc, name,
                     "is " + format_double(given) + " but rate and watts give " + format_double(*derived));
}

}  // namespace

Row normalize_spec(const Record& rec) {
  const RecordSpec& s = *rec.spec;
  Row row;
  row.device = std::string(trim(rec.text(s.at("device"))));
  if (row.device.empty()) throw_data_error(rec.loc, "device", "must not be empty");
  row.workload = std::string(trim(rec.text(s.at("workload"))));
  if (!known_workload(row.workload))
    throw_expected(rec.loc, "workload", "sha256d or sgemm_fp32", row.workload);
  row.rate_unit = rate_unit_for(row.workload);
  const std::string unit{trim(rec.text(s.at("rate_unit")))};
  const double factor = unit_factor(row.workload, unit);
  if (factor == 0)
    throw_expected(rec.loc, "rate_unit",
                   row.workload == "sha256d" ? "a hash rate unit (H/s, kH/s, MH/s, GH/s, TH/s, PH/s)"
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
  check_agrees(rec, s.at("joules_per_th"), "joules_per_th", row.joules_per_th());
  check_agrees(rec, s.at("gflops_per_watt"), "gflops_per_watt", row.gflops_per_watt());
  if (rec.has(s.at("joules_per_th")) && row.workload != "sha256d")
    throw_data_error(rec.loc, "joules_per_th", "applies to sha256d only");
  if (rec.has(s.at("gflops_per_watt")) && row.workload != "sgemm_fp32")
    throw_data_error(rec.loc, "gflops_per_watt", "applies to sgemm_fp32 only");
  if (rec.has(s.at("verified")) && rec.boolean(s.at("verified")))
    warn(format_location(rec.loc, "verified") + ": a hand-written record is not a checked measurement; written as false");
  row.verified = false;
  return row;
}

}  // namespace hs::profile
