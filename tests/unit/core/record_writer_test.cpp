#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "core/record.hpp"
#include "test_files.hpp"

namespace {

const hs::RecordSpec& spec() {
  static const hs::RecordSpec s{"sample",
                                "test record",
                                {{"when", hs::FieldType::time, true, ""},
                                 {"node", hs::FieldType::string, true, ""},
                                 {"mw", hs::FieldType::number, true, ""},
                                 {"units", hs::FieldType::integer, false, ""},
                                 {"ok", hs::FieldType::boolean, false, ""}}};
  return s;
}

std::string render(hs::Format fmt, std::vector<std::string> extra_names = {},
                   const std::vector<std::string>* extras = nullptr) {
  hs::test::TempFile target("");
  {
    hs::AtomicOutput out(target.path());
    hs::RecordWriter w(out, spec(), fmt, std::move(extra_names));
    w.write({hs::make_utc(2025, 4, 10, 18, 15), std::string("HB,\"WEST\""), 1.5, std::int64_t{3}, true}, extras);
    w.write({hs::make_utc(2025, 4, 10, 18, 30), std::string("LZ_WEST"), hs::Fixed{12.0, 2}, std::monostate{}, false},
            extras);
    w.finish();
    out.commit();
  }
  return hs::test::read_file(target.path());
}

}  // namespace

TEST_CASE("CSV output quotes what needs quoting", "[writer]") {
  CHECK(render(hs::Format::csv) ==
        "when,node,mw,units,ok\n"
        "2025-04-10T18:15:00Z,\"HB,\"\"WEST\"\"\",1.5,3,true\n"
        "2025-04-10T18:30:00Z,LZ_WEST,12.00,,false\n");
}

TEST_CASE("JSON Lines output types its values", "[writer]") {
  CHECK(render(hs::Format::jsonl) ==
        "{\"when\":\"2025-04-10T18:15:00Z\",\"node\":\"HB,\\\"WEST\\\"\",\"mw\":1.5,\"units\":3,\"ok\":true}\n"
        "{\"when\":\"2025-04-10T18:30:00Z\",\"node\":\"LZ_WEST\",\"mw\":12.00,\"units\":null,\"ok\":false}\n");
}

TEST_CASE("table output aligns columns, numbers to the right", "[writer]") {
  CHECK(render(hs::Format::table) ==
        "when                  node          mw  units  ok\n"
        "----------------------------------------------------\n"
        "2025-04-10T18:15:00Z  HB,\"WEST\"    1.5      3  true\n"
        "2025-04-10T18:30:00Z  LZ_WEST    12.00         false\n");
}

TEST_CASE("extra columns follow the record's own fields", "[writer]") {
  std::vector<std::string> extras{"north"};
  auto csv = render(hs::Format::csv, {"zone"}, &extras);
  CHECK(csv.substr(0, csv.find('\n')) == "when,node,mw,units,ok,zone");
  CHECK_THAT(csv, Catch::Contains(",true,north\n"));
}

TEST_CASE("no records still writes the CSV header", "[writer]") {
  hs::test::TempFile target("");
  hs::AtomicOutput out(target.path());
  hs::RecordWriter w(out, spec(), hs::Format::csv);
  w.finish();
  out.commit();
  CHECK(hs::test::read_file(target.path()) == "when,node,mw,units,ok\n");
}

TEST_CASE("a cell count that does not match the record is a bug", "[writer]") {
  hs::test::TempFile target("");
  hs::AtomicOutput out(target.path());
  hs::RecordWriter w(out, spec(), hs::Format::csv);
  CHECK_THROWS_AS(w.write({std::string("x")}), hs::Error);
}

TEST_CASE("an output is replaced only on commit", "[io]") {
  hs::test::TempFile target("old content\n");
  {
    hs::AtomicOutput out(target.path());
    out.write("half a fi");
    // destroyed without commit: as if the process failed midway
  }
  CHECK(hs::test::read_file(target.path()) == "old content\n");
  {
    hs::AtomicOutput out(target.path());
    out.write("new content\n");
    out.commit();
  }
  CHECK(hs::test::read_file(target.path()) == "new content\n");
  auto dir = std::filesystem::path(target.path()).parent_path();
  for (const auto& e : std::filesystem::directory_iterator(dir))  // no temporary left behind
    CHECK(e.path().filename().string().find(std::filesystem::path(target.path()).filename().string() + ".tmp.") ==
          std::string::npos);
}

TEST_CASE("an output in a missing directory cannot be created", "[io]") {
  try {
    hs::AtomicOutput out("/nonexistent-dir/out.csv");
    FAIL("no exception");
  } catch (const hs::Error& e) {
    CHECK(e.code() == 73);
  }
}

TEST_CASE("table output groups thousands and gives a measured figure the digits it merits", "[writer]") {
  hs::RecordSpec sp{"money", "", {{"npv_usd", hs::FieldType::number, true, ""},
                                  {"paid_sats", hs::FieldType::integer, true, ""},
                                  {"height", hs::FieldType::integer, true, ""},
                                  {"mw", hs::FieldType::number, true, ""},
                                  {"difficulty", hs::FieldType::number, true, ""}}};
  hs::test::TempFile target("");
  {
    hs::AtomicOutput out(target.path());
    hs::RecordWriter w(out, sp, hs::Format::table);
    w.write({hs::Fixed{-94143142.13, 2}, std::int64_t{1234567}, std::int64_t{837050}, 19.143600000000003,
             83126997340024.61});
    w.write({hs::Fixed{512.5, 2}, std::int64_t{250}, std::int64_t{103}, 0.5, 4.656542373906925e-10});
    w.finish();
    out.commit();
  }
  CHECK(hs::read_whole_file(target.path()) ==
        "       npv_usd  paid_sats  height       mw             difficulty\n"
        "-----------------------------------------------------------------\n"
        "-94,143,142.13  1,234,567  837050  19.1436     83,126,997,340,025\n"
        "        512.50        250     103      0.5  4.656542373906925e-10\n");
}
