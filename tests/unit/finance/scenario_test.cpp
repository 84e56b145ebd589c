// Scenario keys: TOML loading, --set, unknown keys with suggestions, validation exit codes.
#include <catch2/catch.hpp>

#include <deque>
#include <fstream>

#include "../core/test_files.hpp"
#include "finance/scenario.hpp"

using namespace hs::finance;

namespace {
int code_of(const std::function<void()>& f, std::string* msg = nullptr) {
  try {
    f();
  } catch (const hs::Error& e) {
    if (msg) *msg = e.what();
    return e.code();
  }
  return 0;
}
// A scenario file of its own per call (ctest runs the test cases as parallel processes, and a
// shared name let one read another's), removed at exit.
std::string write_tmp(const std::string& text) {
  static std::deque<hs::test::TempFile> files;
  return files.emplace_back(text, ".toml").path();
}
}  // namespace

TEST_CASE("edit distance and nearest key", "[finance][scenario]") {
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(nearest_key("lease.rate_per_kw_mnth") == "lease.rate_per_kw_month");
  CHECK(nearest_key("discount_rat") == "discount_rate");
}

TEST_CASE("TOML scenario: sections become dotted keys; unknown keys name the line", "[finance][scenario]") {
  auto p = write_tmp("name = \"t\"\nstart = 2027-03-01\n[lease]\nmw = 5\nterm_years = 7\n");
  Scenario s = Scenario::load(p);
  CHECK(s.name() == "t");
  CHECK(s.num("lease.mw") == 5);
  CHECK(s.num("lease.term_years") == 7);
  CHECK(s.date("start") == hs::make_utc(2027, 3, 1));
  std::string msg;
  auto bad = write_tmp("[lease]\nmw = 5\nterm_yaers = 7\n");
  CHECK(code_of([&] { Scenario::load(bad); }, &msg) == 65);
  CHECK(msg.find(":3:") != std::string::npos);
  CHECK(msg.find("did you mean 'lease.term_years'") != std::string::npos);
  auto syntax = write_tmp("[lease\nmw = 5\n");
  CHECK(code_of([&] { Scenario::load(syntax); }) == 65);
}

TEST_CASE("bad values: 65 from a file, 64 from --set", "[finance][scenario]") {
  std::string msg;
  auto neg = write_tmp("[lease]\nterm_years = -2\n");
  CHECK(code_of([&] { Scenario::load(neg).validate(); }, &msg) == 65);
  CHECK(msg.find("must not be negative") != std::string::npos);
  Scenario s;
  s.set("discount_rate=-1");
  CHECK(code_of([&] { s.validate(); }, &msg) == 64);
  CHECK(msg.find("-100%") != std::string::npos);
  Scenario t;
  t.set("lease.capex_start_month=6");
  t.set("lease.capex_end_month=2");
  CHECK(code_of([&] { t.validate(); }, &msg) == 64);
  CHECK(msg.find("ends (month 2) before it starts (month 6)") != std::string::npos);
  CHECK(code_of([&] { Scenario().set("lease.rat=1"); }) == 64);
  CHECK(code_of([&] { Scenario().set("lease.mw=abc"); }) == 64);
  CHECK(code_of([&] { Scenario().set("novalue"); }) == 64);
  Scenario ok;
  CHECK(code_of([&] { ok.validate(); }) == 0);
}
