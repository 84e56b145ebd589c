#include "fleet/rows.hpp"

#include <map>

#include "fleet/reply.hpp"

namespace hs::fleet {

namespace {
Cell fixed_or_empty(const std::optional<double>& v, int decimals) { return v ? Cell(Fixed{*v, decimals}) : Cell(); }
Cell text_or_empty(const std::string& s) { return s.empty() ? Cell() : Cell(s); }
Cell count(long v) { return static_cast<std::int64_t>(v); }
}  // namespace

std::vector<Cell> machine_cells(const Machine& m, const Telemetry& t) {
  std::optional<double> jth;
  if (t.hashing() && t.watts && t.ths && *t.ths > 0) jth = *t.watts / *t.ths;
  return {m.id,
          m.address(),
          m.cls,
          std::string(to_string(m.firmware)),
          t.state,
          fixed_or_empty(t.ths, 3),
          fixed_or_empty(t.watts, 1),
          t.watts ? Cell(std::string(t.watts_estimated ? "estimate" : "firmware")) : Cell(),
          fixed_or_empty(t.temp_c, 1),
          t.hw_errors ? Cell(static_cast<std::int64_t>(*t.hw_errors)) : Cell(),
          fixed_or_empty(jth, 2),
          text_or_empty(t.error),
          fixed_or_empty(t.board_c, 1),
          fixed_or_empty(t.chip_c, 1)};
}

std::vector<Cell> firmware_cells(const FamilyInfo& f) {
  return {std::string(f.name),
          std::string(f.firmware_of),
          std::string(f.protocol),
          Cell(static_cast<std::int64_t>(f.default_port)),
          std::string(f.hashrate),
          std::string(f.power),
          std::string(f.temperature),
          std::string(f.state),
          text_or_empty(f.commands),
          text_or_empty(f.credentials),
          Cell(f.sleep_wake),
          Cell(f.profiles)};
}

std::vector<Cell> ClassTotals::cells() const {
  auto per = [&](double v) {
    return hashing > 0 ? std::optional<double>(v / static_cast<double>(hashing)) : std::nullopt;
  };
  std::optional<double> jth;
  if (hashing_ths > 0) jth = hashing_watts / hashing_ths;
  return {cls,
          count(machines),
          count(reachable),
          count(hashing),
          Fixed{ths, 3},
          Fixed{watts / 1e6, 6},
          fixed_or_empty(per(hashing_ths), 3),
          fixed_or_empty(per(hashing_watts), 1),
          fixed_or_empty(jth, 3),
          count(estimated)};
}

std::optional<profile::Row> ClassTotals::profile_row() const {
  if (hashing == 0 || hashing_ths <= 0) return std::nullopt;
  profile::Row row;
  row.device = cls;
  row.workload = "sha256d";
  row.rate = hashing_ths / static_cast<double>(hashing) * 1e12;
  row.rate_unit = "H/s";
  if (estimated == 0) {  // every unit's watts from its firmware
    row.watts = hashing_watts / static_cast<double>(hashing);
    row.watts_source = "fleet";
  }
  return row;
}

std::vector<ClassTotals> class_totals(const Inventory& inv, const std::vector<std::size_t>& machines,
                                      const std::vector<Telemetry>& tele) {
  std::map<std::string, ClassTotals> sums;
  for (std::size_t k = 0; k < machines.size(); ++k) {
    const auto& m = inv.machines[machines[k]];
    const auto& t = tele[k];
    ClassTotals& s = sums[m.cls];
    ++s.machines;
    if (!t.reachable) continue;
    ++s.reachable;
    s.ths += t.ths.value_or(0);
    s.watts += t.watts.value_or(0);
    if (t.hashing()) {
      ++s.hashing;
      s.hashing_ths += t.ths.value_or(0);
      s.hashing_watts += t.watts.value_or(0);
      s.estimated += t.watts_estimated;
    }
  }
  std::vector<ClassTotals> out;
  for (const auto& c : inv.classes) {
    auto it = sums.find(c.name);
    if (it == sums.end()) continue;
    it->second.cls = c.name;
    out.push_back(std::move(it->second));
  }
  return out;
}

namespace {
// Machine ids, space-separated (empty: none).
Cell joined(const std::vector<std::string>& ids) {
  if (ids.empty()) return Cell();
  std::string s;
  for (const auto& id : ids) s += (s.empty() ? "" : " ") + id;
  return s;
}
}  // namespace

std::vector<Cell> action_cells(const Inventory& inv, const Action& a, UtcTime interval_start) {
  const auto& m = inv.machines[a.machine];
  return {interval_start,
          a.cls,
          m.id,
          m.address(),
          std::string(to_string(a.kind)),
          text_or_empty(a.profile),
          static_cast<std::int64_t>(a.wave),
          Fixed{a.at_seconds, 1},
          Fixed{a.delta_watts, 1},
          Fixed{a.joules_per_th, 2},
          Cell()};
}

std::vector<Cell> result_cells(const ClassResult& c) {
  return {c.interval_start,
          c.cls,
          Fixed{c.asked_mw, 4},
          c.asked_units_on ? count(*c.asked_units_on) : Cell(),
          count(c.planned_units_on),
          count(c.commands),
          count(c.acknowledged),
          count(c.failed),
          count(c.not_following),
          count(c.unreachable),
          count(c.measured_units_on),
          Fixed{c.measured_mw, 4},
          Fixed{c.measured_mw - c.asked_mw, 4},
          c.within_tolerance,
          Fixed{c.unreachable_mw, 4},
          joined(c.unreachable_ids),
          joined(c.failed_ids)};
}

std::vector<Cell> unreachable_cells(const Inventory& inv, std::size_t machine, const std::string& why,
                                    UtcTime interval_start) {
  const auto& m = inv.machines[machine];
  return {interval_start, m.cls, m.id, m.address(), std::string("unreachable"), Cell(), std::int64_t{0},
          Fixed{0.0, 1}, Fixed{0.0, 1}, Cell(), why};
}

std::vector<Cell> reply_cells(const Machine& m, const std::string& command, const Exchange& x) {
  std::vector<Cell> row;
  row.reserve(10);
  row.emplace_back(m.id);
  row.emplace_back(m.address());
  row.emplace_back(std::string(to_string(m.firmware)));
  row.emplace_back(command);
  if (x.outcome != Outcome::answered) {
    row.emplace_back(false);
    row.resize(8);  // status, code, msg: none
    row.emplace_back(command + ": " + x.error);
    row.resize(10);  // reply: none
    return row;
  }
  const auto r = parse_cgminer_reply(x.reply, command);
  row.emplace_back(r.ok);
  row.push_back(text_or_empty(r.status));
  row.push_back(r.status.empty() ? Cell() : Cell(static_cast<std::int64_t>(r.code)));
  row.push_back(text_or_empty(r.msg));
  row.push_back(r.ok ? Cell() : Cell(r.error));
  row.push_back(r.body.is_null() ? Cell() : Cell(r.body.dump()));
  return row;
}

}  // namespace hs::fleet
