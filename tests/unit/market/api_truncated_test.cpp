// A reply cut short (a dropped connection, a proxy's size limit) must never parse as a shorter
// answer: every prefix of each recorded body is refused with Error 65, and nothing else is
// thrown. Prefixes are taken every few bytes and at the last ones.
#include <catch2/catch.hpp>

#include <functional>

#include "core/io.hpp"
#include "market/api/caiso.hpp"
#include "market/api/entsoe.hpp"
#include "market/api/isone.hpp"
#include "market/api/pjm.hpp"
#include "shared_data.hpp"

using namespace hs::market::api;

namespace {

void every_prefix_refused(const std::string& file, const std::function<void(std::string_view)>& parse) {
  const auto body = hs::read_whole_file(hs::test::shared_data("api/" + file));
  REQUIRE(body.size() > 100);
  CHECK_NOTHROW(parse(body));
  std::size_t checked = 0, refused = 0;
  for (std::size_t n = 0; n < body.size(); n += (n + 8 >= body.size() ? 1 : 37)) {
    ++checked;
    try {
      parse(std::string_view(body).substr(0, n));
    } catch (const hs::Error& e) {
      if (e.code() == 65) ++refused;
      else FAIL_CHECK(file << " cut at " << n << ": exit " << e.code() << ": " << e.what());
      continue;
    }
    FAIL_CHECK(file << " cut at " << n << " of " << body.size() << " bytes parsed as a complete reply");
  }
  CHECK(refused == checked);
}

}  // namespace

TEST_CASE("Truncated replies are refused with Error 65", "[market][api]") {
  every_prefix_refused("pjm/rt_unverified_fivemin_lmps_2026-06-10_1440-1515EPT.json",
                       [](std::string_view b) { parse_pjm_reply(b, "pjm"); });
  every_prefix_refused("entsoe/A44_ES_2025-09-28T22Z_2025-10-02T22Z_PT60M_then_PT15M.xml",
                       [](std::string_view b) { parse_entsoe_reply(b, "entsoe"); });
  every_prefix_refused("isone/realtimehourlydemand_day_20241103_location_4001.json",
                       [](std::string_view b) { parse_isone_hourly_demand_reply(b, "isone"); });
  // The CAISO stand-in zip holds a non-price query, so the whole body is refused too (65); only
  // the prefixes matter here, and they must fail as damaged zips, not as anything else.
  const auto zip = hs::read_whole_file(hs::test::shared_data("api/caiso/SingleZip_SLD_REN_FCST_DAM_20250204_20250211_v1.zip"));
  for (std::size_t n = 0; n < zip.size(); n += (n + 8 >= zip.size() ? 1 : 97)) {
    try {
      parse_caiso_reply(std::string_view(zip).substr(0, n), "caiso");
      FAIL_CHECK("zip cut at " << n << " parsed");
    } catch (const hs::Error& e) {
      CHECK(e.code() == 65);
      CHECK(std::string(e.what()).find("not a") != std::string::npos);  // not a (complete) zip archive
    }
  }
}
