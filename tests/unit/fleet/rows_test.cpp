// fleet's records built from their sources (fleet/rows.hpp), checked by field name, and the
// per-class totals of fleet status --summary worked by hand.
#include <catch2/catch.hpp>

#include "../record_fields.hpp"
#include "core/parse.hpp"
#include "fleet/rows.hpp"

namespace F = hs::fleet;
using hs::test::by_field;

namespace {
F::Machine machine(const char* id, const char* cls, F::Firmware fw) {
  F::Machine m;
  m.id = id, m.host = "10.0.3.7", m.port = 4029, m.cls = cls, m.firmware = fw, m.ths = 200, m.watts = 3500;
  return m;
}
F::Telemetry hashing(double ths, double watts, bool estimated) {
  F::Telemetry t;
  t.reachable = true, t.state = "hashing", t.ths = ths, t.watts = watts, t.watts_estimated = estimated;
  t.temp_c = 71.25, t.hw_errors = 12;
  return t;
}
}  // namespace

TEST_CASE("fleet_machine rows: telemetry in its columns, J/TH only while hashing", "[fleet][records]") {
  auto row = by_field("fleet_machine", F::machine_cells(machine("lux-1", "s21", F::Firmware::luxos), hashing(199.5, 3591, false)));
  CHECK(row.at("machine") == "lux-1");
  CHECK(row.at("address") == "10.0.3.7:4029");
  CHECK(row.at("class") == "s21");
  CHECK(row.at("firmware") == "luxos");
  CHECK(row.at("state") == "hashing");
  CHECK(row.at("ths") == "199.500");
  CHECK(row.at("watts") == "3591.0");
  CHECK(row.at("watts_source") == "firmware");
  CHECK(row.at("temp_c") == "71.2");  // one decimal, rounded half to even by printf
  CHECK(row.at("hw_errors") == "12");
  CHECK(row.at("joules_per_th") == "18.00");
  CHECK(row.at("error") == "");
  F::Telemetry down;
  down.error = "connect: refused";
  row = by_field("fleet_machine", F::machine_cells(machine("cg-0", "s19", F::Firmware::cgminer), down));
  CHECK((row.at("state") == "unreachable" && row.at("error") == "connect: refused" && row.at("ths") == ""));
  CHECK((row.at("watts_source") == "" && row.at("joules_per_th") == "" && row.at("hw_errors") == ""));
}

TEST_CASE("class totals: sums over reachable machines, per-unit means over hashing ones", "[fleet][records]") {
  F::Inventory inv;
  inv.classes = {{"s21", 1.04, {}}, {"s19", 1.06, {}}, {"idle", 1.0, {}}};
  inv.machines = {machine("a", "s19", F::Firmware::bmminer), machine("b", "s21", F::Firmware::luxos),
                  machine("c", "s19", F::Firmware::braiins), machine("d", "s19", F::Firmware::cgminer)};
  F::Telemetry asleep;
  asleep.reachable = true, asleep.state = "sleeping", asleep.ths = 0, asleep.watts = 40, asleep.watts_estimated = true;
  const std::vector<F::Telemetry> tele = {hashing(100, 3050, true), hashing(200, 3600, false), hashing(100, 3000, false),
                                          asleep};
  const auto totals = F::class_totals(inv, {0, 1, 2, 3}, tele);
  REQUIRE(totals.size() == 2);  // inventory order; "idle" has no machine
  CHECK(totals[0].cls == "s21");
  // s19: 3 reachable, 2 hashing: 6050 W over 200 TH/s = 30.25 J/TH, one estimated; the
  // sleeping unit's 40 W count in the class draw (9.09 kW) but not in the per-unit means.
  auto row = by_field("fleet_class", totals[1].cells());
  CHECK(row.at("class") == "s19");
  CHECK(row.at("machines") == "3");
  CHECK(row.at("reachable") == "3");
  CHECK(row.at("hashing") == "2");
  CHECK(row.at("ths") == "200.000");
  CHECK(row.at("it_mw") == "0.006090");
  CHECK(row.at("ths_per_unit") == "100.000");
  CHECK(row.at("watts_per_unit") == "3025.0");
  CHECK(row.at("joules_per_th") == "30.250");
  CHECK(row.at("estimated") == "1");
  // --profile: the mean hashing unit; watts only when none is an estimate.
  CHECK_FALSE(totals[1].profile_row()->watts);
  const auto p = totals[0].profile_row();
  REQUIRE(p);
  CHECK((p->device == "s21" && p->rate == Approx(200e12) && *p->watts == 3600 && p->watts_source == "fleet"));
  F::ClassTotals none;
  none.cls = "x", none.machines = 2;
  CHECK_FALSE(none.profile_row());
}

TEST_CASE("fleet_action, fleet_result and fleet_reply rows", "[fleet][records]") {
  F::Inventory inv;
  inv.machines = {machine("lux-2", "s21", F::Firmware::luxos)};
  F::Action a;
  a.machine = 0, a.cls = "s21", a.kind = F::ActionKind::profile, a.profile = "eco", a.wave = 3;
  a.at_seconds = 12.25, a.delta_watts = -812.5, a.joules_per_th = 15.125;
  const auto t0 = hs::parse_iso8601("2026-09-04T17:00:00Z", hs::Location{"t", 0}, "t");
  auto row = by_field("fleet_action", F::action_cells(inv, a, t0));
  CHECK(row.at("interval_start") == "2026-09-04T17:00:00Z");
  CHECK((row.at("class") == "s21" && row.at("machine") == "lux-2" && row.at("address") == "10.0.3.7:4029"));
  CHECK((row.at("action") == std::string(F::to_string(a.kind)) && row.at("profile") == "eco" && row.at("wave") == "3"));
  CHECK((row.at("at_seconds") == "12.2" && row.at("delta_watts") == "-812.5" && row.at("joules_per_th") == "15.12"));

  F::ClassResult c;
  c.interval_start = t0, c.cls = "s19", c.asked_mw = 1.5, c.asked_units_on = 480, c.planned_units_on = 470;
  c.commands = 31, c.acknowledged = 29, c.failed = 2, c.not_following = 1, c.unreachable = 4;
  c.measured_units_on = 466, c.measured_mw = 1.4567, c.within_tolerance = false;
  row = by_field("fleet_result", F::result_cells(c));
  CHECK((row.at("class") == "s19" && row.at("asked_mw") == "1.5000" && row.at("asked_units_on") == "480"));
  CHECK((row.at("planned_units_on") == "470" && row.at("commands") == "31" && row.at("acknowledged") == "29"));
  CHECK((row.at("failed") == "2" && row.at("not_following") == "1" && row.at("unreachable") == "4"));
  CHECK((row.at("measured_units_on") == "466" && row.at("measured_mw") == "1.4567"));
  CHECK((row.at("miss_mw") == "-0.0433" && row.at("within_tolerance") == "false"));

  F::Exchange x;
  x.outcome = F::Outcome::answered;
  x.reply = R"({"STATUS":[{"STATUS":"E","Code":14,"Msg":"Invalid command"}],"id":1})";
  row = by_field("fleet_reply", F::reply_cells(inv.machines[0], "stats", x));
  CHECK((row.at("machine") == "lux-2" && row.at("firmware") == "luxos" && row.at("command") == "stats"));
  CHECK((row.at("ok") == "false" && row.at("status") == "E" && row.at("code") == "14"));
  CHECK((row.at("msg") == "Invalid command" && row.at("error") != ""));
  x.outcome = F::Outcome::timeout, x.error = "timed out after 5 s";
  row = by_field("fleet_reply", F::reply_cells(inv.machines[0], "stats", x));
  CHECK((row.at("ok") == "false" && row.at("error") == "stats: timed out after 5 s" && row.at("reply") == ""));
}
