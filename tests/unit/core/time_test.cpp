#include <catch2/catch.hpp>

#include <date/date.h>

#include "core/time.hpp"

using namespace std::chrono;

TEST_CASE("ISO 8601 instants with any offset come out in UTC", "[time]") {
  auto z = hs::make_utc(2025, 4, 10, 18, 15);
  CHECK(*hs::try_parse_iso8601("2025-04-10T18:15:00Z") == z);
  CHECK(*hs::try_parse_iso8601("2025-04-10T13:15:00-05:00") == z);
  CHECK(*hs::try_parse_iso8601("2025-04-10T20:15:00+0200") == z);
  CHECK(*hs::try_parse_iso8601("2025-04-10 18:15Z") == z);
  CHECK(*hs::try_parse_iso8601("2025-04-10T18:15:00.750Z") == z);
  CHECK(*hs::try_parse_iso8601("2025-04-10") == hs::make_utc(2025, 4, 10));
  CHECK(hs::format_iso8601_utc(z) == "2025-04-10T18:15:00Z");
}

TEST_CASE("UTC instants format as date::format does, leap days and eras included", "[time]") {
  // The hand-written formatter against Howard Hinnant's date library (an independent
  // implementation): every day from 1600-01-01 to 2400-12-31, each at a different second of
  // the day, and instants around the edges of the eras and of the epoch.
  const auto first = hs::make_utc(1600, 1, 1), last = hs::make_utc(2400, 12, 31);
  int mismatches = 0;
  long k = 0;
  for (auto t = first; t <= last; t += hours(24), ++k) {
    const auto u = t + seconds((k * 7919) % 86400);
    if (hs::format_iso8601_utc(u) != date::format("%FT%TZ", u) && ++mismatches <= 5)
      FAIL_CHECK(date::format("%FT%TZ", u) + " came out as " + hs::format_iso8601_utc(u));
  }
  CHECK(mismatches == 0);
  CHECK(k == 292560);  // 801 years of days, so the loop really ran
  CHECK(hs::format_iso8601_utc(hs::UtcTime(seconds(-1))) == "1969-12-31T23:59:59Z");
  CHECK(hs::format_iso8601_utc(hs::UtcTime(seconds(0))) == "1970-01-01T00:00:00Z");
  CHECK(hs::format_iso8601_utc(hs::make_utc(2000, 2, 29, 23, 59)) == "2000-02-29T23:59:00Z");
  CHECK(hs::format_iso8601_utc(hs::make_utc(1900, 3, 1)) == "1900-03-01T00:00:00Z");
  CHECK(hs::format_iso8601_utc(hs::make_utc(9999, 12, 31, 23, 59) + seconds(59)) == "9999-12-31T23:59:59Z");
  CHECK(hs::format_iso8601_utc(hs::make_utc(10000, 1, 1)) == date::format("%FT%TZ", hs::make_utc(10000, 1, 1)));
}

TEST_CASE("malformed or offset-less times are refused", "[time]") {
  CHECK_FALSE(hs::try_parse_iso8601("2025-04-10T18:15:00"));  // no offset, no zone given
  CHECK_FALSE(hs::try_parse_iso8601("2025-02-30T00:00:00Z"));
  CHECK_FALSE(hs::try_parse_iso8601("2025-04-10T25:00:00Z"));
  CHECK_FALSE(hs::try_parse_iso8601("4/10/2025 6:15:00 PM"));
  CHECK_FALSE(hs::try_parse_iso8601("2025-04-10T18:15:00Zjunk"));
  CHECK_THROWS_WITH(hs::parse_iso8601("yesterday", {"a.csv", 2}, "interval_start"),
                    Catch::StartsWith("a.csv:2: field 'interval_start': expected an ISO 8601 time"));
}

TEST_CASE("a time without offset is read in the given zone", "[time]") {
  // 2025-07-01 12:00 CDT (UTC-5) is 17:00Z.
  CHECK(*hs::try_parse_iso8601("2025-07-01T12:00:00", "America/Chicago") == hs::make_utc(2025, 7, 1, 17));
}

TEST_CASE("US fall-back: the repeated hour maps to two instants", "[time][dst]") {
  // 2023-11-05 01:30 in Chicago happens first in CDT (UTC-5), then in CST (UTC-6).
  auto lt = hs::make_local(2023, 11, 5, 1, 30);
  CHECK(hs::classify_local(lt, "America/Chicago") == hs::LocalTimeStatus::ambiguous);
  CHECK(hs::local_to_utc(lt, "America/Chicago", false, {}, "t") == hs::make_utc(2023, 11, 5, 6, 30));
  CHECK(hs::local_to_utc(lt, "America/Chicago", true, {}, "t") == hs::make_utc(2023, 11, 5, 7, 30));
}

TEST_CASE("US spring-forward: 02:30 does not exist", "[time][dst]") {
  auto lt = hs::make_local(2025, 3, 9, 2, 30);
  CHECK(hs::classify_local(lt, "America/Chicago") == hs::LocalTimeStatus::nonexistent);
  CHECK_THROWS_WITH(hs::local_to_utc(lt, "America/Chicago", false, {"rt.csv", 12}, "DeliveryHour"),
                    Catch::Contains("rt.csv:12: field 'DeliveryHour': local time 2025-03-09 02:30:00 does not exist"));
  // 03:00 CDT right after the jump is 08:00Z.
  CHECK(hs::local_to_utc(hs::make_local(2025, 3, 9, 3, 0), "America/Chicago", false, {}, "t") ==
        hs::make_utc(2025, 3, 9, 8));
}

TEST_CASE("Central European fall-back 2023-10-29", "[time][dst]") {
  auto lt = hs::make_local(2023, 10, 29, 2, 0);
  CHECK(hs::local_to_utc(lt, "Europe/Paris", false, {}, "t") == hs::make_utc(2023, 10, 29, 0));
  CHECK(hs::local_to_utc(lt, "Europe/Paris", true, {}, "t") == hs::make_utc(2023, 10, 29, 1));
  CHECK(hs::format_iso8601_local(hs::make_utc(2023, 10, 29, 1), "Europe/Paris") == "2023-10-29T02:00:00+01:00");
  CHECK(hs::format_iso8601_local(hs::make_utc(2023, 10, 29, 0), "Europe/Paris") == "2023-10-29T02:00:00+02:00");
}

TEST_CASE("times whose UTC text would not have a four-digit year are refused", "[time]") {
  // Found by tests/fuzz/time: 9999-12-31T21:00 in Chicago is 10000-01-01T03:00:00Z, a text
  // no tool reads back. The last and first instants themselves are fine.
  CHECK_FALSE(hs::try_parse_iso8601("9999-12-31T21:00", "America/Chicago"));
  CHECK_FALSE(hs::try_parse_iso8601("9999-12-31T23:00:00-01:00"));
  CHECK_FALSE(hs::try_parse_iso8601("0000-01-01T00:30:00+01:00"));
  CHECK(hs::format_iso8601_utc(*hs::try_parse_iso8601("9999-12-31T23:59:59Z")) == "9999-12-31T23:59:59Z");
  CHECK(hs::format_iso8601_utc(*hs::try_parse_iso8601("0000-01-01T01:00:00+01:00")) == "0000-01-01T00:00:00Z");
}

TEST_CASE("durations", "[time]") {
  CHECK(*hs::try_parse_duration("15m") == minutes{15});
  CHECK(*hs::try_parse_duration("1h") == hours{1});
  CHECK(*hs::try_parse_duration("1d") == hours{24});
  CHECK_FALSE(hs::try_parse_duration("0m"));
  CHECK_FALSE(hs::try_parse_duration("5x"));
  CHECK_FALSE(hs::try_parse_duration("m"));
  // A century is the bound (36600 days); beyond it, and where n * unit would overflow
  // (found by tests/fuzz/time: "033720368547700000d"), the text is refused, not wrapped.
  CHECK(*hs::try_parse_duration("36600d") == hours{36600 * 24});
  CHECK_FALSE(hs::try_parse_duration("36601d"));
  CHECK_FALSE(hs::try_parse_duration("033720368547700000d"));
  CHECK_FALSE(hs::try_parse_duration("9223372036854775807s"));
}

TEST_CASE("unknown zone is a usage error", "[time]") {
  try {
    hs::classify_local(hs::make_local(2025, 1, 1), "Mars/Olympus");
    FAIL("no exception");
  } catch (const hs::Error& e) {
    CHECK(e.code() == 64);
  }
}
