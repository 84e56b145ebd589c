// The firmware families' drivers over replies recorded from real machines (../shared/data/fleet,
// read in place), and the primitives their APIs need against published vectors: FIPS-197's
// AES-256 example, RFC 2617's digest example, and md5-crypt / btminer token values worked by
// an independent implementation (passlib 1.9.5 and Python's cryptography, as pyasic uses them).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fleet/crypto.hpp"
#include "fleet/family.hpp"
#include "fleet/grpc.hpp"
#include "fleet/http.hpp"
#include "fleet/reply.hpp"
#include "fleet/telemetry.hpp"
#include "shared_data.hpp"

using namespace hs::fleet;

namespace {
std::string recorded(const std::string& name) {
  std::ifstream in(hs::test::shared_data("fleet/" + name), std::ios::binary);
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
Exchange answered(std::string bytes) {
  Exchange x;
  x.outcome = Outcome::answered;
  x.reply = std::move(bytes);
  return x;
}
Telemetry read(Firmware f, std::vector<Exchange> xs) {
  Machine m;
  m.firmware = f;
  m.host = "10.0.0.7";
  m.ths = 100;
  m.watts = 3000;
  Telemetry t;
  driver(f).read_telemetry(m, xs.data(), xs.size(), t);
  return t;
}
std::string unhex(const std::string& h) {
  std::string out;
  for (std::size_t i = 0; i + 1 < h.size(); i += 2) out += static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16));
  return out;
}
}  // namespace

TEST_CASE("Whatsminer M31S as recorded: measured power, board and chip from the summary and edevs", "[fleet][family]") {
  auto t = read(Firmware::whatsminer, {answered(recorded("foreman__whatsminer_m31s__summary.txt")),
                                       answered(recorded("foreman__whatsminer_m31s__edevs.txt"))});
  CHECK(t.state == "hashing");
  REQUIRE(t.ths);
  CHECK(*t.ths == Approx(116.47200619));  // MHS 5s 116472006.19, not MHS av
  REQUIRE(t.watts);
  CHECK(*t.watts == 3496);  // Power, measured
  CHECK(t.board_c == 80.0);
  CHECK(t.chip_c == 94.95);
  CHECK(t.temp_c == 94.95);
}

TEST_CASE("Avalon 7, 8 and 9 as recorded: the hottest chip over every module's TMax", "[fleet][family]") {
  // Worked from the files: the largest TMax[] among all "MM IDn" strings.
  const std::pair<const char*, double> cases[] = {
      {"foreman__avalon_7xx__stats.txt", 92}, {"foreman__avalon_8xx__stats.txt", 85}, {"foreman__avalon_9xx__stats.txt", 96}};
  for (const auto& [file, tmax] : cases) {
    auto t = read(Firmware::avalon, {answered(recorded("foreman__avalon_9xx__summary.txt")), answered(recorded(file))});
    INFO(file);
    CHECK(t.state == "hashing");
    CHECK(t.chip_c == tmax);
    CHECK_FALSE(t.board_c);  // Temp[] is the intake air, not a board
    CHECK_FALSE(t.watts);    // no WALLPOWER before the A12
  }
  auto a7 = read(Firmware::avalon, {answered(recorded("foreman__avalon_7xx__summary.txt"))});
  CHECK(*a7.ths == Approx(52.12628215));  // MHS 5s
}

TEST_CASE("Avalon A12-class stats: WALLPOWER summed over modules, SoftOFF asleep, MTmax and HBOTemp", "[fleet][family]") {
  // The shape of Canaan's A12 stats (no recording of one exists in ../shared/data/fleet).
  const std::string summary =
      R"({"STATUS":[{"STATUS":"S","Code":11,"Msg":"Summary","Description":"cgminer 4.11.1"}],"SUMMARY":[{"MHS av":nan,"MHS 30s":0,"MHS 1m":0}],"id":1})";
  const std::string stats =
      R"({"STATUS":[{"STATUS":"S","Code":70,"Msg":"CGMiner stats","Description":"cgminer 4.11.1"}],"STATS":[{"STATS":0,"ID":"AVA100","MM ID0":"Ver[1246-20120300] Temp[25] TMax[0] MTmax[81 83 82] HBITemp[44 45 46] HBOTemp[61 60 62] WALLPOWER[120] SoftOFF[1]"}],"id":1})";
  auto t = read(Firmware::avalon, {answered(summary), answered(stats)});
  CHECK(t.state == "sleeping");
  CHECK(t.ths == 0.0);
  CHECK(t.watts == 120.0);
  CHECK(t.chip_c == 83.0);
  CHECK(t.board_c == 62.0);
}

TEST_CASE("Stock Antminer: stats Mode 254 is asleep whatever the summary says; board and chip apart", "[fleet][family]") {
  const std::string summary =
      R"({"STATUS":[{"STATUS":"S","Code":11,"Msg":"Summary","Description":"bmminer 1.0.0"}],"SUMMARY":[{"GHS 5s":"110786.79","GHS av":111730.11}],"id":1})";
  const std::string none = R"({"STATUS":[{"STATUS":"E","Code":14,"Msg":"Invalid command"}],"id":1})";
  auto hot = read(Firmware::antminer, {answered(summary), answered(none), answered(recorded("foreman__antminer_s19-overheating__stats.txt"))});
  CHECK(hot.state == "hashing");
  CHECK(hot.board_c == 92.0);  // temp1..3 = 88, 89, 92
  CHECK(hot.chip_c == 97.0);   // temp2_3 = 97, temp_chip3 "80-66-97-87"
  CHECK(hot.watts_estimated == false);  // set by read_telemetry, not the driver
  auto asleep = read(Firmware::antminer, {answered(summary), answered(none), answered(recorded("foreman__antminer_s17plus-sleeping__stats.txt"))});
  CHECK(asleep.state == "sleeping");
}

TEST_CASE("ePIC and AxeOS HTTP replies: hashrate units, measured power, board and chip", "[fleet][family]") {
  const std::string epic_body =
      R"({"Status":{"Operating State":"Mining"},"Power Supply Stats":{"Input Power":3251.5},"HBs":[{"Index":0,"Temperature":70,"Hashrate":[33000000.0,98.1]},{"Index":1,"Temperature":72.5,"Hashrate":[34500000.0,99.0]}]})";
  auto e = read(Firmware::epic, {answered("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                                         std::to_string(epic_body.size()) + "\r\n\r\n" + epic_body)});
  CHECK(e.state == "hashing");
  CHECK(*e.ths == Approx(67.5));  // (33,000,000 + 34,500,000) MH/s
  CHECK(e.watts == 3251.5);
  CHECK(e.board_c == 72.5);
  auto idle = read(Firmware::epic, {answered("HTTP/1.1 200 OK\r\n\r\n" + std::string(R"({"Status":{"Operating State":"Idling"},"HBs":[{"Hashrate":[0,0]}]})"))});
  CHECK(idle.state == "sleeping");
  // AxeOS answers with chunked transfer encoding.
  const std::string axe = R"({"power":14.84,"hashRate":512.5,"temp":58.3,"vrTemp":47})";
  char size[16];
  std::snprintf(size, sizeof size, "%zx", axe.size());
  auto b = read(Firmware::bitaxe, {answered("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + std::string(size) +
                                           "\r\n" + axe + "\r\n0\r\n\r\n")});
  CHECK(b.state == "hashing");
  CHECK(*b.ths == Approx(0.5125));  // GH/s
  CHECK(b.watts == 14.84);
  CHECK(b.chip_c == 58.3);
  CHECK(b.board_c == 47.0);
  auto refused = read(Firmware::bitaxe, {answered("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n")});
  CHECK(refused.state == "error");
  CHECK(refused.error == "GET /api/system/info reply: HTTP 500 Internal Server Error");
}

TEST_CASE("AES-256 ECB: FIPS-197 appendix C.3", "[fleet][crypto]") {
  std::string out;
  REQUIRE(aes256_ecb(unhex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
                     unhex("00112233445566778899aabbccddeeff"), true, out));
  CHECK(out == unhex("8ea2b7ca516745bfeafc49904b496089"));
  std::string back;
  REQUIRE(aes256_ecb(unhex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"), out, false, back));
  CHECK(back == unhex("00112233445566778899aabbccddeeff"));
  CHECK_FALSE(aes256_ecb("short", out, true, back));
}

TEST_CASE("btminer API v2 token and command, as passlib and Python's cryptography work them", "[fleet][crypto]") {
  // get_token answered time 1234, salt BQ5hoXV9, newsalt jbzkfQls; the admin password "admin".
  const std::string c1 = md5_crypt("admin", "BQ5hoXV9");
  CHECK(c1 == "$1$BQ5hoXV9$RxmaDUO33TS7O26yeMHZ81");
  CHECK(md5_crypt("RxmaDUO33TS7O26yeMHZ81" + std::string("1234"), "jbzkfQls") == "$1$jbzkfQls$xxLN69hhWprhasxhE3vSy.");
  CHECK(sha256_hex("RxmaDUO33TS7O26yeMHZ81") == "199e0a202039bb7b558db7a54697dca29cb278055b7e659a127fb844d5a2fbf6");
  std::string plain = R"({"cmd":"power_on","token":"xxLN69hhWprhasxhE3vSy."})";
  plain.append((16 - plain.size() % 16) % 16, '\0');
  std::string enc;
  REQUIRE(aes256_ecb(sha256_raw("RxmaDUO33TS7O26yeMHZ81"), plain, true, enc));
  CHECK(base64_encode(enc) == "WVz5U209eNn5F0vAECDsXkxiewoDsfEwpK/U2NoQcVXQjMMli2gmXVGuII7ZoKJxVwj7mmVM3YXBJFrqIq3H4Q==");
  std::string raw;
  REQUIRE(base64_decode("WVz5U209eNn5F0vAECDsXkxiewoDsfEwpK/U2NoQcVXQjMMli2gmXVGuII7ZoKJxVwj7mmVM3YXBJFrqIq3H4Q==", raw));
  CHECK(raw == enc);
  CHECK_FALSE(base64_decode("abc", raw));
}

TEST_CASE("HTTP digest: RFC 2617 section 3.5's example", "[fleet][http]") {
  DigestChallenge c;
  REQUIRE(parse_digest_challenge(R"(Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41")", c));
  CHECK(c.realm == "testrealm@host.com");
  const std::string a = digest_authorization("Mufasa", "Circle Of Life", "GET", "/dir/index.html", c, "0a4f113b", 1);
  CHECK(a.find(R"(response="6629fae49393a05397450978507c4ef1")") != std::string::npos);
  CHECK(a.find("nc=00000001") != std::string::npos);
  CHECK(a.find(R"(opaque="5ccc069c403ebaf9f0171e9517f40e41")") != std::string::npos);
  CHECK_FALSE(parse_digest_challenge(R"(Basic realm="x")", c));
  CHECK_FALSE(parse_digest_challenge(R"(Digest realm="x", nonce="n", algorithm=SHA-256)", c));
}

TEST_CASE("HTTP responses: lengths, chunks, and bytes cut short", "[fleet][http]") {
  HttpResponse r;
  std::string why;
  REQUIRE(parse_http_response("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest nonce=\"n\"\r\nContent-Length: 2\r\n\r\nno", r, why));
  CHECK(r.status == 401);
  CHECK(r.headers["www-authenticate"] == "Digest nonce=\"n\"");
  CHECK(r.body == "no");
  CHECK_FALSE(parse_http_response("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{\"a\":", r, why));
  CHECK(why == "HTTP body cut short: 5 of 10 bytes");
  CHECK_FALSE(parse_http_response("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", r, why));
  CHECK_FALSE(parse_http_response("{\"STATUS\":[]}", r, why));
  CHECK(why == "not an HTTP response");
}

TEST_CASE("The firmware table: one row per family, names round-trip, defaults", "[fleet][family]") {
  CHECK(families().size() == 10);
  for (const auto& f : families()) {
    INFO(f.name);
    CHECK(firmware_from_string(f.name) == f.firmware);
    CHECK(std::string(f.hashrate).size() > 0);
    CHECK((f.sleep_wake || f.profiles) == (std::string(f.commands).size() > 0));
  }
  CHECK(family(Firmware::bitaxe).default_port == 80);
  CHECK(family(Firmware::epic).default_port == 4028);
  CHECK_FALSE(firmware_from_string("vnish"));
}

TEST_CASE("Braiins OS+ messages: our protobuf bytes equal betterproto's from Braiins's .proto files", "[fleet][grpc]") {
  // Worked by pyasic 0.79.0's generated classes: bytes(SetPowerTargetRequest(...)).hex() and so on.
  CHECK(pb::field_varint(1, 2) + pb::field_bytes(2, pb::field_varint(1, 2500)) == unhex("0802120308c413"));
  CHECK(pb::field_bytes(1, "root") + pb::field_bytes(2, "bos-Secret-4") == unhex("0a04726f6f74120c626f732d5365637265742d34"));
  const std::string login_response = unhex("0a0661316232633310901c");  // token "a1b2c3", timeout_s 3600
  CHECK(pb::bytes_of(login_response, 1) == "a1b2c3");
  CHECK(pb::varint_of(login_response, 2) == 3600u);
  CHECK_FALSE(pb::bytes_of(login_response, 3));
  CHECK_FALSE(pb::bytes_of(unhex("0a7f61"), 1));  // a length past the end
  CHECK(pb::varint(300) == unhex("ac02"));
}

TEST_CASE("Every recording in ../shared/data/fleet parses, and the stock ones read their README's values", "[fleet][family]") {
  namespace fs = std::filesystem;
  int files = 0;
  for (const auto& e : fs::directory_iterator(fs::path(hs::test::shared_data("fleet/README.md")).parent_path())) {
    if (e.path().extension() != ".txt") continue;
    ++files;
    const std::string name = e.path().filename().string();
    Reply r = parse_cgminer_reply(recorded(name), name);
    INFO(name << ": " << r.error);
    if (name == "foreman__whatsminer_m30s__pools+summary+edevs.txt") {
      CHECK(r.status == "E");  // the miner's own refusal, Code 24
      CHECK(r.code == 24);
    } else {
      CHECK(r.ok);
    }
  }
  CHECK(files == 36);
  const std::string summary =
      R"({"STATUS":[{"STATUS":"S","Code":11,"Msg":"Summary"}],"SUMMARY":[{"MHS 5s":51451.63,"MHS av":51274.6}],"id":1})";
  const std::string none = R"({"STATUS":[{"STATUS":"E","Code":14,"Msg":"Invalid command"}],"id":1})";
  auto stock = [&](Firmware f, const char* stats) {
    return read(f, {answered(recorded("foreman__innosilicon_a9__summary.txt")), answered(none), answered(recorded(stats))});
  };
  auto a9 = stock(Firmware::cgminer, "foreman__innosilicon_a9__stats.txt");
  CHECK(*a9.ths == Approx(0.05145163));  // MHS 5s 51451.63
  CHECK(a9.board_c == 64.0);             // Temp 62 / 64 / 60
  CHECK(a9.chip_c == 72.0);              // Temp max 71 / 72 / 67
  auto old = stock(Firmware::cgminer, "foreman__innosilicon_a9-old__stats.txt");
  CHECK(old.board_c == 48.0);  // STATS0..STATS2 Temp 47 / 48 / 45
  auto t15 = stock(Firmware::bmminer, "foreman__antminer_t15__stats.txt");
  CHECK(t15.board_c == 40.0);  // temp1..3 = 40, 35, 39
  auto s9k = stock(Firmware::antminer, "foreman__antminer_s9k__stats.txt");
  CHECK(s9k.board_c == 61.0);  // temp1..3 = 61, 60, 58
  CHECK(s9k.chip_c == 85.0);   // temp_chip1 "51-85" (temp2_1..3 are only 51, 56, 48)
}
