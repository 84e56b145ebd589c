// The shared reader's documented outcomes for bad input (hybridsite-records(5), "Bad input").
#include <catch2/catch.hpp>

#include "core/record.hpp"
#include "test_files.hpp"

using hs::test::TempFile;

namespace {

// A record type of the reader's own, so these tests do not move when tools change theirs.
const hs::RecordSpec& spec() {
  static const hs::RecordSpec s{"sample",
                                "test record",
                                {{"when", hs::FieldType::time, true, ""},
                                 {"node", hs::FieldType::string, true, ""},
                                 {"price_per_mwh", hs::FieldType::number, true, ""},
                                 {"note", hs::FieldType::string, false, ""}}};
  return s;
}

std::vector<hs::Record> read_all(const std::string& path) {
  hs::RecordReader r(path, spec());
  std::vector<hs::Record> out;
  hs::Record rec;
  while (r.next(rec)) out.push_back(rec);
  return out;
}

std::string error_of(const std::string& path, int expected_code = 65) {
  try {
    read_all(path);
  } catch (const hs::Error& e) {
    CHECK(e.code() == expected_code);
    return e.what();
  }
  FAIL("no error raised");
  return {};
}

}  // namespace

TEST_CASE("a well-formed CSV stream reads by column name, in any order", "[reader]") {
  TempFile f("price_per_mwh,node,when\n23.5,HB_WEST,2025-04-10T18:15:00Z\n-1.25,LZ_WEST,2025-04-10T18:30:00Z\n");
  auto recs = read_all(f.path());
  REQUIRE(recs.size() == 2);
  CHECK(recs[0].text(1) == "HB_WEST");
  CHECK(recs[0].number(2) == 23.5);
  CHECK(recs[1].number(2) == -1.25);
  CHECK(recs[1].time(0) == hs::make_utc(2025, 4, 10, 18, 30));
  CHECK_FALSE(recs[0].has(3));  // optional column absent
  CHECK(recs[1].loc.line == 3);
}

TEST_CASE("empty input is an error", "[reader]") {
  TempFile f("");
  CHECK_THAT(error_of(f.path()), Catch::Contains("empty input"));
  TempFile blank(" \n\n");
  CHECK_THAT(error_of(blank.path()), Catch::Contains("empty input"));
}

TEST_CASE("header only is a valid stream of no records", "[reader]") {
  TempFile f("when,node,price_per_mwh\n");
  CHECK(read_all(f.path()).empty());
}

TEST_CASE("a missing required column is named, with the header seen", "[reader]") {
  TempFile f("when,node,price\n2025-04-10T18:15:00Z,HB_WEST,23.5\n");
  auto msg = error_of(f.path());
  CHECK_THAT(msg, Catch::Contains(":1: missing column 'price_per_mwh'"));
  CHECK_THAT(msg, Catch::Contains("header has: when, node, price"));
}

TEST_CASE("quoted fields keep commas, quotes and line breaks; lines stay right", "[reader]") {
  TempFile f(
      "when,node,price_per_mwh,note\n"
      "2025-04-10T18:15:00Z,\"HB,WEST\",1,\"two\nlines and \"\"quotes\"\"\"\n"
      "2025-04-10T18:30:00Z,HB_EAST,abc,x\n");
  hs::RecordReader r(f.path(), spec());
  hs::Record rec;
  REQUIRE(r.next(rec));
  CHECK(rec.text(1) == "HB,WEST");
  CHECK(rec.text(3) == "two\nlines and \"quotes\"");
  CHECK(rec.loc.line == 2);
  REQUIRE(r.next(rec));
  CHECK(rec.loc.line == 4);  // the record after a two-line field starts on line 4
  CHECK_THROWS_WITH(rec.number(2), Catch::EndsWith(":4: field 'price_per_mwh': expected a number, got \"abc\""));
}

TEST_CASE("a non-number names file, line and field", "[reader]") {
  TempFile f("when,node,price_per_mwh\n2025-04-10T18:15:00Z,HB_WEST,12,5\n");
  // An unquoted decimal comma makes a fourth field: caught as a field-count error first.
  CHECK_THAT(error_of(f.path()), Catch::Contains(":2: expected 3 fields as in the header, got 4"));
}

TEST_CASE("a truncated last line is an error; a complete one without newline is not", "[reader]") {
  TempFile cut("when,node,price_per_mwh\n2025-04-10T18:15:00Z,HB_WEST,1\n2025-04-10T18:30:00Z,HB_W");
  CHECK_THAT(error_of(cut.path()), Catch::Contains(":3: expected 3 fields as in the header, got 2 (truncated line?)"));
  TempFile whole("when,node,price_per_mwh\n2025-04-10T18:15:00Z,HB_WEST,1");
  REQUIRE(read_all(whole.path()).size() == 1);
  TempFile open_quote("when,node,price_per_mwh\n2025-04-10T18:15:00Z,\"HB_WEST,1\n");
  CHECK_THAT(error_of(open_quote.path()), Catch::Contains("truncated CSV"));
}

TEST_CASE("a UTF-8 byte-order mark and CRLF line ends are handled", "[reader]") {
  TempFile f("\xEF\xBB\xBFwhen,node,price_per_mwh\r\n2025-04-10T18:15:00Z,HB_WEST,7.5\r\n");
  auto recs = read_all(f.path());
  REQUIRE(recs.size() == 1);
  CHECK(recs[0].text(1) == "HB_WEST");
  CHECK(recs[0].number(2) == 7.5);
}

TEST_CASE("a stray quote inside an unquoted field is malformed CSV", "[reader]") {
  TempFile f("when,node,price_per_mwh\n2025-04-10T18:15:00Z,HB\"WEST,7.5\n");
  CHECK_THAT(error_of(f.path()), Catch::Contains(":2: malformed CSV"));
}

TEST_CASE("duplicate header columns are refused", "[reader]") {
  TempFile f("when,node,node,price_per_mwh\n");
  CHECK_THAT(error_of(f.path()), Catch::Contains("field 'node': column appears twice"));
}

TEST_CASE("extra columns are kept for pass-through", "[reader]") {
  TempFile f("zone,when,node,price_per_mwh,flag\nnorth,2025-04-10T18:15:00Z,HB_WEST,7.5,Y\n");
  hs::RecordReader r(f.path(), spec());
  hs::Record rec;
  REQUIRE(r.next(rec));
  REQUIRE(r.extra_names() == std::vector<std::string>{"zone", "flag"});
  CHECK(rec.extra_values == std::vector<std::string>{"north", "Y"});
}

TEST_CASE("JSON Lines input is detected and read by key", "[reader][jsonl]") {
  TempFile f(
      "{\"when\":\"2025-04-10T18:15:00Z\",\"node\":\"HB_WEST\",\"price_per_mwh\":23.5,\"extra\":true}\n"
      "\n"
      "{\"node\":\"LZ_WEST\",\"when\":\"2025-04-10T18:30:00Z\",\"price_per_mwh\":-2,\"note\":null}\n");
  hs::RecordReader r(f.path(), spec());
  CHECK(r.format() == hs::Format::jsonl);
  hs::Record rec;
  REQUIRE(r.next(rec));
  CHECK(rec.number(2) == 23.5);
  CHECK(rec.extra_values == std::vector<std::string>{"true"});
  CHECK(rec.extra_is_json == std::vector<bool>{true});
  REQUIRE(r.next(rec));
  CHECK(rec.loc.line == 3);
  CHECK(rec.number(2) == -2);
  CHECK_FALSE(rec.has(3));
  CHECK_FALSE(r.next(rec));
}

TEST_CASE("JSON Lines faults name the line", "[reader][jsonl]") {
  TempFile missing("{\"when\":\"2025-04-10T18:15:00Z\",\"node\":\"HB_WEST\"}\n");
  CHECK_THAT(error_of(missing.path()), Catch::Contains(":1: missing field 'price_per_mwh'"));
  TempFile cut("{\"when\":\"2025-04-10T18:15:00Z\",\"node\":\"HB_WEST\",\"price_per_mwh\":1}\n{\"when\":\"2025-04");
  CHECK_THAT(error_of(cut.path()), Catch::Contains(":2: expected a JSON object"));
  TempFile nested("{\"when\":\"2025-04-10T18:15:00Z\",\"node\":[1],\"price_per_mwh\":1}\n");
  CHECK_THAT(error_of(nested.path()), Catch::Contains("field 'node': expected a string, number, boolean or null"));
}

TEST_CASE("a missing input file is exit 66", "[reader]") {
  CHECK_THAT(error_of("/nonexistent/prices.csv", 66), Catch::Contains("cannot open '/nonexistent/prices.csv'"));
}
