// CAISO OASIS SingleZip replies: the recorded SLD_REN_FCST zip (../shared/data/api/caiso) for the
// envelope, and zips built here at run time, because no PRC_LMP/PRC_AS zip and no OASIS error
// zip was recorded whole: a PRC_LMP zip around the real OASIS CSV in ../shared/data/prices/caiso, a
// PRC_AS zip and an INVALID_REQUEST.xml error zip written from OASIS's documented shapes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <set>
#include <sstream>

#include "core/io.hpp"
#include "market/api/caiso.hpp"
#include "market/api/zip_body.hpp"
#include "shared_data.hpp"

using namespace hs::market::api;
using hs::format_iso8601_utc;
using hs::make_utc;

namespace {

std::string fixture(const std::string& path) { return hs::read_whole_file(hs::test::shared_data(path)); }

int error_code(const std::function<void()>& f, std::string& message) {
  try {
    f();
  } catch (const hs::Error& e) {
    message = e.what();
    return e.code();
  }
  return 0;
}

// A zip of stored (uncompressed) members, written byte by byte from the PKWARE APPNOTE layout
// (local headers, central directory, end record) with its own CRC-32: independent of libzip,
// which reads it back in the parser.
std::uint32_t crc32(const std::string& s) {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : s) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

void le(std::string& out, std::uint32_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

std::string stored_zip(const std::vector<std::pair<std::string, std::string>>& members) {
  std::string out, central;
  for (const auto& [name, data] : members) {
    const auto offset = static_cast<std::uint32_t>(out.size());
    const auto crc = crc32(data);
    const auto size = static_cast<std::uint32_t>(data.size());
    const auto nlen = static_cast<std::uint32_t>(name.size());
    le(out, 0x04034b50, 4);
    le(out, 20, 2), le(out, 0, 2), le(out, 0, 2);  // version needed, flags, method stored
    le(out, 0, 2), le(out, 0x21, 2);               // 00:00, 1980-01-01
    le(out, crc, 4), le(out, size, 4), le(out, size, 4), le(out, nlen, 2), le(out, 0, 2);
    out += name + data;
    le(central, 0x02014b50, 4);
    le(central, 20, 2), le(central, 20, 2), le(central, 0, 2), le(central, 0, 2);
    le(central, 0, 2), le(central, 0x21, 2);
    le(central, crc, 4), le(central, size, 4), le(central, size, 4), le(central, nlen, 2);
    le(central, 0, 2), le(central, 0, 2), le(central, 0, 2), le(central, 0, 2), le(central, 0, 4);
    le(central, offset, 4);
    central += name;
  }
  const auto cd_offset = static_cast<std::uint32_t>(out.size());
  out += central;
  le(out, 0x06054b50, 4);
  le(out, 0, 2), le(out, 0, 2);
  le(out, static_cast<std::uint32_t>(members.size()), 2), le(out, static_cast<std::uint32_t>(members.size()), 2);
  le(out, static_cast<std::uint32_t>(central.size()), 4), le(out, cd_offset, 4), le(out, 0, 2);
  return out;
}

const std::string sld = "caiso/SingleZip_SLD_REN_FCST_DAM_20250204_20250211_v1.zip";

}  // namespace

TEST_CASE("CAISO OASIS envelope: the recorded SLD_REN_FCST zip", "[market][api][caiso]") {
  const auto body = fixture("api/" + sld);
  const auto members = unzip_body(body, "SingleZip SLD_REN_FCST");
  REQUIRE(members.size() == 1);
  const auto& m = members[0];
  CHECK(m.name == "20250204_20250211_SLD_REN_FCST_DAM_20250214_04_52_10_v1.csv");
  CHECK(m.data.size() == 141857);
  const auto named = parse_caiso_member_name(m.name);
  REQUIRE(named);
  CHECK(named->start_date == "20250204");
  CHECK(named->end_date == "20250211");
  CHECK(named->queryname == "SLD_REN_FCST");
  CHECK(named->market_run_id == "DAM");
  CHECK(named->version == 1);
  // 1008 rows (3 hubs x {Solar, Wind} x 168 hours), not in time order, GMT times with -00:00.
  std::istringstream in(m.data);
  std::string line;
  std::getline(in, line);
  CHECK(line.rfind("OPR_DT,OPR_HR,OPR_INTERVAL,INTERVALSTARTTIME_GMT,", 0) == 0);
  std::vector<hs::UtcTime> starts;
  while (std::getline(in, line)) {
    auto a = line.find(',', line.find(',', line.find(',') + 1) + 1) + 1;
    auto t = hs::try_parse_iso8601(line.substr(a, line.find(',', a) - a));
    REQUIRE(t);
    starts.push_back(*t);
  }
  CHECK(starts.size() == 1008);
  CHECK_FALSE(std::is_sorted(starts.begin(), starts.end()));
  CHECK(format_iso8601_utc(starts[0]) == "2025-02-04T18:00:00Z");  // "2025-02-04T18:00:00-00:00"
  CHECK(format_iso8601_utc(*std::min_element(starts.begin(), starts.end())) == "2025-02-04T08:00:00Z");
  CHECK(format_iso8601_utc(*std::max_element(starts.begin(), starts.end())) == "2025-02-11T07:00:00Z");
  // Not a price query: refused, naming the query.
  std::string msg;
  CHECK(error_code([&] { parse_caiso_reply(body, "SingleZip SLD_REN_FCST"); }, msg) == 65);
  CHECK(msg.find("holds query SLD_REN_FCST, not a price query") != std::string::npos);
  // The recorded request rebuilt, and refused as a price request.
  CaisoRequest r;
  r.queryname = "SLD_REN_FCST";
  r.market_run_id = "DAM";
  r.from = make_utc(2025, 2, 4, 8);
  r.to = make_utc(2025, 2, 11, 8);
  CHECK(error_code([&] { build_caiso_url(r); }, msg) == 64);
  CHECK(msg.find("not a price query") != std::string::npos);
}

TEST_CASE("CAISO OASIS PRC_LMP zip: the real OASIS CSV through the file reader", "[market][api][caiso]") {
  const auto csv = fixture("prices/caiso/20181013_20181107_PRC_LMP_DAM_v1.csv");
  const auto body = stored_zip({{"20181013_20181107_PRC_LMP_DAM_v1.csv", csv}});
  const auto reply = parse_caiso_reply(body, "SingleZip PRC_LMP");
  // 2404 rows: LMP, MCE, MCC and MCL for 601 hours (25 days, one of them the 25-hour 2018-11-04).
  REQUIRE(reply.prices.size() == 601);
  CHECK(reply.as_prices.empty());
  std::set<hs::UtcTime> starts;
  for (const auto& p : reply.prices) {
    starts.insert(p.start);
    CHECK(p.node == "0096WD_7_N001");
    CHECK(p.market == "da");
    CHECK(p.minutes == 60);
    CHECK(p.iso == "CAISO");
  }
  CHECK(starts.size() == 601);
  CHECK(std::is_sorted(reply.prices.begin(), reply.prices.end(),
                       [](const auto& a, const auto& b) { return a.start < b.start; }));
  CHECK(format_iso8601_utc(reply.prices.front().start) == "2018-10-13T07:00:00Z");  // PDT midnight
  // The CSV's first LMP row: 2018-10-13T11:00:00-00:00, 34.74459.
  auto it = std::find_if(reply.prices.begin(), reply.prices.end(),
                         [](const auto& p) { return p.start == make_utc(2018, 10, 13, 11); });
  REQUIRE(it != reply.prices.end());
  CHECK(it->price == Approx(34.74459));
  // Both 01:00 hours of 2018-11-04 (PDT 08:00Z, then PST 09:00Z) are there.
  CHECK(starts.count(make_utc(2018, 11, 4, 8)) == 1);
  CHECK(starts.count(make_utc(2018, 11, 4, 9)) == 1);
  // A bad price names the request, the member, the line and the field.
  auto bad = csv;
  bad.replace(bad.find("34.74459"), 8, "34.7x459");
  std::string msg;
  CHECK(error_code([&] { parse_caiso_reply(stored_zip({{"m.csv", bad}}), "SingleZip PRC_LMP"); }, msg) == 65);
  CHECK(msg == "SingleZip PRC_LMP: m.csv:2: field 'MW': expected a number, got \"34.7x459\"");
}

TEST_CASE("CAISO OASIS PRC_AS zip: ancillary-service prices", "[market][api][caiso]") {
  // Built from the PRC_AS CSV layout (no recorded PRC_AS reply exists): rows out of time order.
  const std::string csv =
      "INTERVALSTARTTIME_GMT,INTERVALENDTIME_GMT,OPR_DT,OPR_HR,OPR_INTERVAL,ANC_REGION,MARKET_RUN_ID,ANC_TYPE,XML_DATA_ITEM,MW,GROUP\n"
      "2025-02-04T09:00:00-00:00,2025-02-04T10:00:00-00:00,2025-02-04,2,0,AS_CAISO_EXP,DAM,RU,RU_CLR_PRC,7.5,1\n"
      "2025-02-04T08:00:00-00:00,2025-02-04T09:00:00-00:00,2025-02-04,1,0,AS_CAISO_EXP,DAM,RU,RU_CLR_PRC,6.25,1\n"
      "2025-02-04T08:00:00-00:00,2025-02-04T09:00:00-00:00,2025-02-04,1,0,AS_CAISO_EXP,DAM,SR,SR_CLR_PRC,3,1\n";
  const auto reply = parse_caiso_reply(stored_zip({{"20250204_20250205_PRC_AS_DAM_v1.csv", csv}}), "SingleZip PRC_AS");
  CHECK(reply.prices.empty());
  REQUIRE(reply.as_prices.size() == 3);
  const auto& a = reply.as_prices[0];
  CHECK(format_iso8601_utc(a.start) == "2025-02-04T08:00:00Z");
  CHECK(a.product == "RU");
  CHECK(a.area == "AS_CAISO_EXP");
  CHECK(a.market == "da");
  CHECK(a.minutes == 60);
  CHECK(a.price_per_mw == Approx(6.25));
  CHECK(a.iso == "CAISO");
  CHECK(reply.as_prices[1].product == "SR");
  CHECK(format_iso8601_utc(reply.as_prices[2].start) == "2025-02-04T09:00:00Z");
  CHECK(reply.as_prices[2].price_per_mw == Approx(7.5));
}

TEST_CASE("CAISO OASIS error zip: Error 69 quoting ERR_DESC", "[market][api][caiso]") {
  // No OASIS error zip was recorded; this one follows the documented shape: one member
  // INVALID_REQUEST.xml, an OASISReport whose MessagePayload/RTO/ERROR holds ERR_CODE and ERR_DESC.
  const std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<m:OASISReport xmlns:m="http://www.caiso.com/soa/OASISReport_v1.xsd">
<m:MessageHeader><m:TimeDate>2025-02-14T04:52:10-00:00</m:TimeDate><m:Source>OASIS</m:Source><m:Version>v20131201</m:Version></m:MessageHeader>
<m:MessagePayload><m:RTO><m:name>CAISO</m:name><m:ERROR><m:ERR_CODE>1000</m:ERR_CODE><m:ERR_DESC>No data returned for the specified selection</m:ERR_DESC></m:ERROR></m:RTO></m:MessagePayload>
</m:OASISReport>)";
  std::string msg;
  CHECK(error_code([&] { parse_caiso_reply(stored_zip({{"INVALID_REQUEST.xml", xml}}), "SingleZip PRC_LMP"); }, msg) == 69);
  CHECK(msg == "SingleZip PRC_LMP: CAISO OASIS error 1000: No data returned for the specified selection (INVALID_REQUEST.xml)");
}

TEST_CASE("CAISO OASIS bad bodies and request URLs", "[market][api][caiso]") {
  std::string msg;
  const auto body = fixture("api/" + sld);
  CHECK(error_code([&] { parse_caiso_reply(body.substr(0, body.size() / 2), "q"); }, msg) == 65);
  CHECK(msg.find("q: reply is not a complete zip archive") == 0);
  CHECK(error_code([&] { parse_caiso_reply("<html>busy</html>", "q"); }, msg) == 65);
  CHECK(msg.find("not a zip archive") != std::string::npos);
  CHECK(error_code([&] { parse_caiso_reply(stored_zip({}), "q"); }, msg) == 65);
  CaisoRequest r;
  r.queryname = "PRC_LMP";
  r.market_run_id = "DAM";
  r.node = "TH_NP15_GEN-APND";
  r.from = make_utc(2025, 2, 4, 8);
  r.to = make_utc(2025, 2, 11, 8);
  CHECK(build_caiso_url(r) ==
        "https://oasis.caiso.com/oasisapi/SingleZip?resultformat=6&queryname=PRC_LMP&version=1&market_run_id=DAM&"
        "node=TH_NP15_GEN-APND&startdatetime=20250204T08:00-0000&enddatetime=20250211T08:00-0000");
  r.queryname = "PRC_AS";
  r.node.clear();
  CHECK(build_caiso_url(r).find("&anc_type=ALL&anc_region=ALL&startdatetime=") != std::string::npos);
  r.to = r.from + caiso_max_window + std::chrono::hours(1);
  CHECK(error_code([&] { build_caiso_url(r); }, msg) == 64);
  CHECK(msg.find("31 days") != std::string::npos);
  CHECK(caiso_max_window == std::chrono::hours(24 * 31));
  CHECK_FALSE(parse_caiso_member_name("INVALID_REQUEST.xml"));
  const auto named = parse_caiso_member_name("20181013_20181107_PRC_INTVL_LMP_RTM_v3.csv");
  REQUIRE(named);
  CHECK(named->queryname == "PRC_INTVL_LMP");
  CHECK(named->market_run_id == "RTM");
  CHECK(named->version == 3);
}
