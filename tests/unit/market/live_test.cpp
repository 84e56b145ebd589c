// The fetch framework's parts: URL redaction, form encoding, the credentials file check, the
// rate limiter (on a fake clock) and the archive (windows, revisions, one transaction each).
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "core/credentials.hpp"
#include "market/fetch.hpp"
#include "market/live/archive.hpp"
#include "market/live/rate_limit.hpp"

using namespace hs::market;
using hs::Credentials;

namespace {

int code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const hs::Error& e) {
    return e.code();
  }
  return 0;
}

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    char tmpl[] = "/tmp/hs_live_test_XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

live::Item price(int hour, double v) {
  live::Item it;
  it.kind = live::Item::price;
  it.start = hs::make_utc(2026, 9, 4, 5 + hour);
  it.minutes = 60;
  it.iso = "ERCOT", it.market = "da", it.a = "HB_HOUSTON", it.value = v, it.currency = "USD";
  return it;
}

}  // namespace

TEST_CASE("redact_url hides credential query values and keeps the rest", "[market][live]") {
  CHECK(redact_url("https://web-api.tp.entsoe.eu/api?documentType=A44&securityToken=abc-123&periodStart=1") ==
        "https://web-api.tp.entsoe.eu/api?documentType=A44&securityToken=REDACTED&periodStart=1");
  CHECK(redact_url("https://h/p?subscription-key=k1&api_key=k2#f") ==
        "https://h/p?subscription-key=REDACTED&api_key=REDACTED#f");
  CHECK(redact_url("https://h/p?deliveryDateFrom=2026-09-04") == "https://h/p?deliveryDateFrom=2026-09-04");
  CHECK(redact_url("https://h/p") == "https://h/p");
}

TEST_CASE("form_encode percent-encodes as RFC 3986", "[market][live]") {
  CHECK(form_encode({{"scope", "openid fec253ea offline_access"}, {"password", "a&b=c/d"}}) ==
        "scope=openid%20fec253ea%20offline_access&password=a%26b%3Dc%2Fd");
}

TEST_CASE("credentials: environment first, then the file; a file others can read is refused", "[market][live]") {
  TempDir dir;
  auto file = (dir.path / "credentials.toml").string();
  std::ofstream(file) << "[ercot]\nusername = \"file-user\"\npassword = \"file-pw\"\n";
  ::chmod(file.c_str(), 0644);
  try {
    Credentials::load(file);
    FAIL("no error");
  } catch (const hs::Error& e) {
    CHECK(e.code() == 77);
    CHECK(std::string(e.what()).find("0644") != std::string::npos);
    CHECK(std::string(e.what()).find("file-pw") == std::string::npos);
  }
  ::chmod(file.c_str(), 0600);
  auto c = Credentials::load(file);
  ::unsetenv("HS_TEST_ERCOT_USER");
  CHECK(c.get("ercot", "username", "HS_TEST_ERCOT_USER") == std::optional<std::string>("file-user"));
  ::setenv("HS_TEST_ERCOT_USER", "env-user", 1);
  CHECK(c.get("ercot", "username", "HS_TEST_ERCOT_USER") == std::optional<std::string>("env-user"));
  ::unsetenv("HS_TEST_ERCOT_USER");
  try {
    c.require("ercot", "subscription_key", "HS_TEST_ERCOT_KEY");
    FAIL("no error");
  } catch (const hs::Error& e) {
    CHECK(e.code() == 64);
    CHECK(std::string(e.what()).find("HS_TEST_ERCOT_KEY") != std::string::npos);
  }
  // A TOML error names the line only, never the text around it.
  std::ofstream(file) << "[ercot]\npassword = \"unterminated-secret\n";
  ::chmod(file.c_str(), 0600);
  try {
    Credentials::load(file);
    FAIL("no error");
  } catch (const hs::Error& e) {
    CHECK(e.code() == 65);
    CHECK(std::string(e.what()).find("unterminated-secret") == std::string::npos);
  }
}

TEST_CASE("rate limiter: 30 a minute lets 30 go at once, the 31st waits for the first to age out",
          "[market][live]") {
  double now = 1000;
  std::vector<double> sleeps;
  live::RateLimiter lim(30, [&] { return now; }, [&](double s) { sleeps.push_back(s), now += s; });
  for (int i = 0; i < 30; ++i) {
    CHECK(lim.acquire() == 0);
    now += 0.5;  // 30 requests over 15 s
  }
  // The first went at 1000; at 1015 the 31st waits until 1060.
  CHECK(lim.acquire() == Approx(45.0));
  REQUIRE(sleeps.size() == 1);
  // The second went at 1000.5: the 32nd, at 1060, waits 0.5 s.
  CHECK(lim.acquire() == Approx(0.5));
  live::RateLimiter none(0, [&] { return now; }, [&](double) { FAIL("slept"); });
  for (int i = 0; i < 100; ++i) CHECK(none.acquire() == 0);
}

TEST_CASE("archive: windows, revisions, removal, load in time order, kept across opens", "[market][live]") {
  TempDir dir;
  auto path = (dir.path / "a.sqlite").string();
  live::WindowKey k{"ercot", "da-spp", "HB_HOUSTON", "2026-09-04"};
  const auto t = hs::make_utc(2026, 9, 6);
  {
    live::Archive a(path);
    CHECK_FALSE(a.has(k));
    auto r = a.store(k, {price(1, 26.25), price(0, 28.76), price(0, 28.76)}, "https://h/np4-190-cd", false, t);
    CHECK(r.rows == 2);
    CHECK(r.added == 2);
    CHECK(r.revised == 0);
    CHECK(a.has(k));
    CHECK_FALSE(a.has_final(k));
  }
  live::Archive a(path);
  auto r = a.store(k, {price(0, 30.0), price(2, 25.87)}, "https://h/np4-190-cd", true, t);
  CHECK(r.added == 1);
  CHECK(r.revised == 1);
  CHECK(r.removed == 1);
  REQUIRE(r.revisions.size() == 1);
  CHECK(r.revisions[0] == "ERCOT da HB_HOUSTON 2026-09-04T05:00:00Z: 28.76 -> 30");
  CHECK(a.has_final(k));
  std::vector<live::Item> got;
  a.load("ercot", "da-spp", "HB_HOUSTON", "2026-09-04", "2026-09-05", [&](const live::Item& it) { got.push_back(it); });
  REQUIRE(got.size() == 2);
  CHECK(hs::format_iso8601_utc(got[0].start) == "2026-09-04T05:00:00Z");
  CHECK(got[0].value == 30.0);
  CHECK(got[0].origin == "https://h/np4-190-cd");
  CHECK(hs::format_iso8601_utc(got[1].start) == "2026-09-04T07:00:00Z");
  got.clear();
  a.load("ercot", "da-spp", "HB_HOUSTON", "2026-09-05", "2026-09-06", [&](const live::Item& it) { got.push_back(it); });
  CHECK(got.empty());
  CHECK(code_of([&] { live::Archive bad((dir.path / "no" / "such" / "a.sqlite").string()); }) == 73);
}

TEST_CASE("rate limiter spacing: CAISO OASIS requests at least 5 s apart", "[market][live]") {
  double now = 0;
  live::RateLimiter lim(12, [&] { return now; }, [&](double s) { now += s; }, 5.0);
  CHECK(lim.acquire() == 0);
  now += 1;
  CHECK(lim.acquire() == Approx(4.0));  // 1 s after the first: waits until 5 s
  CHECK(now == Approx(5.0));
  now += 7;
  CHECK(lim.acquire() == 0);  // 7 s later: goes at once
}
