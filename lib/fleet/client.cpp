#include "fleet/client.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "core/error.hpp"

namespace hs::fleet {

const char* to_string(Outcome o) {
  switch (o) {
    case Outcome::pending: return "pending";
    case Outcome::answered: return "answered";
    case Outcome::refused: return "refused";
    case Outcome::timeout: return "timeout";
    case Outcome::failed: return "failed";
  }
  return "?";
}

void raise_open_file_limit() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
}

namespace {

using Clock = std::chrono::steady_clock;

struct Conn {
  int fd = -1;
  std::size_t x = 0;      // exchange index
  bool connected = false;
  std::size_t sent = 0;
  Clock::time_point deadline;
};

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

void run_exchanges(const Inventory& inv, std::vector<Exchange>& xs, const ClientOptions& opt) {
  std::vector<std::size_t> todo;
  for (std::size_t i = 0; i < xs.size(); ++i)
    if (xs[i].outcome == Outcome::pending) todo.push_back(i);
  if (todo.empty()) return;
  Fd ep(epoll_create1(EPOLL_CLOEXEC));
  if (ep.get() < 0) throw Error(exit_code::software, std::string("epoll_create1: ") + std::strerror(errno));
  const std::size_t cap = opt.max_inflight > 0 ? opt.max_inflight : 1;
  std::vector<Conn> slots(cap);
  std::vector<std::size_t> free_slots;
  for (std::size_t i = cap; i-- > 0;) free_slots.push_back(i);
  std::size_t next = 0, active = 0;

  auto finish = [&](std::size_t slot, Outcome o, std::string err) {
    Conn& c = slots[slot];
    Exchange& x = xs[c.x];
    x.outcome = o;
    if (o != Outcome::answered) {
      x.error = std::move(err);
      x.reply.clear();
    }
    epoll_ctl(ep.get(), EPOLL_CTL_DEL, c.fd, nullptr);
    ::close(c.fd);
    c.fd = -1;
    free_slots.push_back(slot);
    --active;
  };

  auto start = [&](std::size_t xi) {
    Exchange& x = xs[xi];
    ++x.tries;
    x.reply.clear();
    x.error.clear();
    const Machine& m = inv.machines.at(x.machine);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(x.port ? x.port : m.port);
    if (inet_pton(AF_INET, m.host.c_str(), &sa.sin_addr) != 1) {
      x.outcome = Outcome::failed;
      x.error = "bad address " + m.address();
      return;
    }
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      x.outcome = Outcome::failed;
      x.error = std::string("socket: ") + std::strerror(errno);
      return;
    }
    std::size_t slot = free_slots.back();
    free_slots.pop_back();
    Conn& c = slots[slot];
    c = Conn{};
    c.fd = fd;
    c.x = xi;
    c.deadline = Clock::now() + std::chrono::milliseconds(opt.connect_timeout_ms);
    ++active;
    int rc = ::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
    if (rc != 0 && errno != EINPROGRESS) {
      int e = errno;
      ::close(fd);
      c.fd = -1;
      free_slots.push_back(slot);
      --active;
      x.outcome = e == ECONNREFUSED ? Outcome::refused : Outcome::failed;
      x.error = std::string("connect: ") + std::strerror(e);
      return;
    }
    epoll_event ev{};
    ev.events = EPOLLOUT | EPOLLIN | EPOLLRDHUP;
    ev.data.u64 = slot;
    epoll_ctl(ep.get(), EPOLL_CTL_ADD, fd, &ev);
  };

  std::vector<epoll_event> events(cap);
  char buf[65536];
  while (next < todo.size() || active > 0) {
    while (next < todo.size() && active < cap) start(todo[next++]);
    if (active == 0) continue;
    // Wake at the nearest deadline at the latest.
    auto now = Clock::now();
    auto nearest = now + std::chrono::milliseconds(100);
    for (const auto& c : slots)
      if (c.fd >= 0 && c.deadline < nearest) nearest = c.deadline;
    int wait_ms = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(nearest - now).count());
    if (wait_ms < 0) wait_ms = 0;
    int n = epoll_wait(ep.get(), events.data(), static_cast<int>(events.size()), wait_ms);
    if (n < 0 && errno != EINTR) throw Error(exit_code::software, std::string("epoll_wait: ") + std::strerror(errno));
    for (int i = 0; i < n; ++i) {
      std::size_t slot = events[i].data.u64;
      Conn& c = slots[slot];
      if (c.fd < 0) continue;
      Exchange& x = xs[c.x];
      if (!c.connected) {
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err != 0) {
          finish(slot, err == ECONNREFUSED ? Outcome::refused : Outcome::failed, std::string("connect: ") + std::strerror(err));
          continue;
        }
        if (!(events[i].events & EPOLLOUT)) continue;
        c.connected = true;
        c.deadline = Clock::now() + std::chrono::milliseconds(opt.read_timeout_ms);
      }
      if (c.sent < x.request.size()) {
        ssize_t w = ::send(c.fd, x.request.data() + c.sent, x.request.size() - c.sent, MSG_NOSIGNAL);
        if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
          finish(slot, Outcome::failed, std::string("send: ") + std::strerror(errno));
          continue;
        }
        if (w > 0) c.sent += static_cast<std::size_t>(w);
        if (c.sent == x.request.size()) {
          epoll_event ev{};
          ev.events = EPOLLIN | EPOLLRDHUP;
          ev.data.u64 = slot;
          epoll_ctl(ep.get(), EPOLL_CTL_MOD, c.fd, &ev);
        }
      }
      if (events[i].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
        bool done = false;
        for (;;) {
          ssize_t r = ::recv(c.fd, buf, sizeof buf, 0);
          if (r > 0) {
            x.reply.append(buf, static_cast<std::size_t>(r));
            if (x.framing == Framing::length_le32) {
              // The length prefix says where the reply ends; the miner keeps the connection.
              if (x.reply.size() >= 4) {
                const auto* u = reinterpret_cast<const unsigned char*>(x.reply.data());
                const std::size_t len = u[0] | (std::size_t(u[1]) << 8) | (std::size_t(u[2]) << 16) | (std::size_t(u[3]) << 24);
                if (len > opt.max_reply_bytes) {
                  finish(slot, Outcome::failed, "reply length " + std::to_string(len) + " over " + std::to_string(opt.max_reply_bytes) + " bytes");
                  break;
                }
                if (x.reply.size() >= 4 + len) {
                  done = true;
                  break;
                }
              }
              continue;
            }
            // LuxOS and cgminer end the reply with a NUL; do not wait for the close then.
            if (std::memchr(buf, '\0', static_cast<std::size_t>(r)) != nullptr) {
              done = true;
              break;
            }
            if (x.reply.size() > opt.max_reply_bytes) {
              finish(slot, Outcome::failed, "reply longer than " + std::to_string(opt.max_reply_bytes) + " bytes");
              break;
            }
            continue;
          }
          if (r == 0) {
            done = true;
            break;
          }
          if (errno == EAGAIN || errno == EWOULDBLOCK) break;
          if (errno == EINTR) continue;
          finish(slot, errno == ECONNREFUSED ? Outcome::refused : Outcome::failed, std::string("recv: ") + std::strerror(errno));
          break;
        }
        if (c.fd >= 0 && done) {
          if (c.sent < x.request.size())
            finish(slot, Outcome::failed, "closed before the request was sent");
          else if (x.reply.empty())
            finish(slot, Outcome::failed, "closed without an answer");
          else
            finish(slot, Outcome::answered, {});
        }
      }
    }
    now = Clock::now();
    for (std::size_t s = 0; s < slots.size(); ++s) {
      Conn& c = slots[s];
      if (c.fd >= 0 && c.deadline <= now)
        finish(s, Outcome::timeout,
               c.connected ? "no answer within " + std::to_string(opt.read_timeout_ms) + " ms"
                           : "no connection within " + std::to_string(opt.connect_timeout_ms) + " ms");
    }
  }
}

void run_with_retries(const Inventory& inv, std::vector<Exchange>& xs, const ClientOptions& opt) {
  run_exchanges(inv, xs, opt);
  for (int round = 1; round <= opt.retries; ++round) {
    bool any = false;
    for (auto& x : xs)
      if (x.outcome == Outcome::refused || x.outcome == Outcome::timeout || x.outcome == Outcome::failed) {
        x.outcome = Outcome::pending;
        any = true;
      }
    if (!any) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(opt.retry_backoff_ms * round));
    run_exchanges(inv, xs, opt);
  }
}

}  // namespace hs::fleet
