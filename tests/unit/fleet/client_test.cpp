// The epoll client against sockets of this process on 127.0.0.1: an answer ended by NUL
// (the connection left open), one ended by the close, a listener that never answers, a
// refused port, and more exchanges than connections allowed at once.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "fleet/client.hpp"
#include "fleet/reply.hpp"

using namespace hs::fleet;

namespace {
int listener(std::uint16_t& port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0);
  REQUIRE(::listen(fd, 64) == 0);
  socklen_t len = sizeof sa;
  getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
  port = ntohs(sa.sin_port);
  return fd;
}

Machine machine(std::uint16_t port) {
  Machine m;
  m.id = "m" + std::to_string(port);
  m.host = "127.0.0.1";
  m.port = port;
  m.cls = "c";
  m.ths = 1;
  m.watts = 1;
  return m;
}

// Answers `n` connections: reads the request, waits delay_ms, writes reply (+ NUL when
// nul), then keeps the socket open for hold_ms (a NUL must end the exchange without waiting for the close).
void serve(int fd, int n, std::string reply, bool nul, int hold_ms, std::atomic<int>* peak = nullptr, int delay_ms = 0) {
  std::atomic<int> open{0};
  std::vector<std::thread> ts;
  for (int i = 0; i < n; ++i) {
    int c = ::accept(fd, nullptr, nullptr);
    if (c < 0) break;
    ts.emplace_back([=, &open] {
      int now = ++open;
      if (peak && now > *peak) *peak = now;
      char buf[512];
      (void)!::recv(c, buf, sizeof buf, 0);
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
      std::string out = reply + (nul ? std::string(1, '\0') : "");
      (void)!::send(c, out.data(), out.size(), MSG_NOSIGNAL);
      std::this_thread::sleep_for(std::chrono::milliseconds(hold_ms));
      --open;
      ::close(c);
    });
  }
  for (auto& t : ts) t.join();
}

const std::string summary =
    R"({"STATUS":[{"STATUS":"S","When":1,"Code":11,"Msg":"Summary","Description":"cgminer 4.11.1"}],"SUMMARY":[{"MHS 5s":94000000.0}],"id":1})";
}  // namespace

TEST_CASE("answers, silence and refusal, each with its outcome", "[fleet][client]") {
  std::uint16_t p_nul = 0, p_close = 0, p_silent = 0, p_refused = 0;
  int l_nul = listener(p_nul), l_close = listener(p_close), l_silent = listener(p_silent), l_refused = listener(p_refused);
  ::close(l_refused);  // nothing listens there any more
  Inventory inv;
  inv.machines = {machine(p_nul), machine(p_close), machine(p_silent), machine(p_refused)};
  std::thread a(serve, l_nul, 1, summary, true, 3000, nullptr, 0);  // held open 3 s after the NUL
  std::thread b(serve, l_close, 1, summary, false, 0, nullptr, 0);
  std::vector<Exchange> xs;
  for (std::size_t i = 0; i < 4; ++i) xs.push_back(make_exchange(i, cgminer_request("summary")));
  ClientOptions opt;
  opt.read_timeout_ms = 800;
  opt.connect_timeout_ms = 800;
  auto t0 = std::chrono::steady_clock::now();
  run_exchanges(inv, xs, opt);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  a.join();
  b.join();
  CHECK(xs[0].outcome == Outcome::answered);
  CHECK(parse_cgminer_reply(xs[0].reply, "summary").ok);
  CHECK(xs[1].outcome == Outcome::answered);
  CHECK(xs[1].reply == summary);
  CHECK(xs[2].outcome == Outcome::timeout);  // the kernel accepted it, nobody answers
  CHECK(xs[2].error == "no answer within 800 ms");
  CHECK(xs[3].outcome == Outcome::refused);
  CHECK(s < 2.5);  // the NUL ended the held-open exchange; the silent one cost its 0.8 s
  ::close(l_nul);
  ::close(l_close);
  ::close(l_silent);
}

TEST_CASE("no more than max_inflight connections at once; retries after a refusal", "[fleet][client]") {
  std::uint16_t port = 0;
  int l = listener(port);
  Inventory inv;
  inv.machines = {machine(port)};
  std::atomic<int> peak{0};
  // Each answer takes 50 ms: the client holds its connections that long, at most 8 at once.
  std::thread srv(serve, l, 40, summary, false, 0, &peak, 50);
  std::vector<Exchange> xs;
  for (int i = 0; i < 40; ++i) xs.push_back(make_exchange(0, cgminer_request("summary")));
  ClientOptions opt;
  opt.max_inflight = 8;
  run_exchanges(inv, xs, opt);
  srv.join();
  ::close(l);
  for (const auto& x : xs) CHECK(x.outcome == Outcome::answered);
  CHECK(peak.load() <= 8);
  CHECK(peak.load() >= 2);

  // A refused port tried 1 + retries times.
  std::vector<Exchange> r{make_exchange(0, cgminer_request("summary"))};
  opt.retries = 2;
  opt.retry_backoff_ms = 1;
  run_with_retries(inv, r, opt);
  CHECK(r[0].outcome == Outcome::refused);
  CHECK(r[0].tries == 3);
}
