// write_records: the open-write-finish-commit every tool's output goes through.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "core/record_output.hpp"
#include "test_files.hpp"

namespace fs = std::filesystem;

namespace {
const std::vector<hs::Cell> kRow = {std::string("s19"), std::int64_t{10}, std::int64_t{9}, std::int64_t{8},
                                    hs::Fixed{880.5, 1}, hs::Fixed{0.0275, 4}, hs::Cell{}, hs::Cell{}, hs::Cell{},
                                    std::int64_t{1}};
}

TEST_CASE("write_records: rows, header and rename in one call", "[core][io]") {
  const auto dir = fs::temp_directory_path() / ("hs_record_output_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const auto target = (dir / "out.csv").string();
  const auto rows = hs::write_records(target, hs::Format::csv, "fleet_class", [](hs::RecordWriter& w) { w.write(kRow); });
  CHECK(rows == 1);
  CHECK(hs::test::read_file(target) ==
        "class,machines,reachable,hashing,ths,it_mw,ths_per_unit,watts_per_unit,joules_per_th,estimated\n"
        "s19,10,9,8,880.5,0.0275,,,,1\n");

  SECTION("no rows still writes the header") {
    CHECK(hs::write_records(target, hs::Format::csv, "fleet_class", [](hs::RecordWriter&) {}) == 0);
    CHECK(hs::test::read_file(target) ==
          "class,machines,reachable,hashing,ths,it_mw,ths_per_unit,watts_per_unit,joules_per_th,estimated\n");
  }
  SECTION("a body that throws leaves the old file whole and no temporary beside it") {
    CHECK_THROWS_AS(hs::write_records(target, hs::Format::csv, "fleet_class",
                                      [](hs::RecordWriter& w) {
                                        w.write(kRow);
                                        throw std::runtime_error("stopped half way");
                                      }),
                    std::runtime_error);
    CHECK(hs::test::read_file(target) ==
          "class,machines,reachable,hashing,ths,it_mw,ths_per_unit,watts_per_unit,joules_per_th,estimated\n"
          "s19,10,9,8,880.5,0.0275,,,,1\n");
    CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator{}) == 1);
  }
  SECTION("OutputOptions carries the path and the format") {
    hs::OutputOptions o;
    o.output = target;
    o.format = "jsonl";
    hs::write_records(o, "fleet_class", [](hs::RecordWriter& w) { w.write(kRow); });
    CHECK(hs::test::read_file(target).rfind("{\"class\":\"s19\",\"machines\":10,", 0) == 0);
  }
  fs::remove_all(dir);
}
