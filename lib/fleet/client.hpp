#pragma once
// Many short exchanges at once: one TCP connection per command (as the CGMiner API expects:
// it answers one request and closes), all of them driven by one thread through epoll over
// non-blocking sockets, at most max_inflight open at a time. Each connection has its own
// connect and read deadline; a reply ends at the miner's close or at its NUL terminator.
// There is no thread per machine: 10,000 machines cost 10,000 sockets over time, and at
// most max_inflight file descriptors at once.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fleet/inventory.hpp"

namespace hs::fleet {

struct ClientOptions {
  std::size_t max_inflight = 512;
  int connect_timeout_ms = 2000;
  int read_timeout_ms = 5000;
  int retries = 2;              // further tries of an exchange whose transport failed
  int retry_backoff_ms = 200;   // times the try number
  std::size_t max_reply_bytes = 4u << 20;
};

enum class Outcome { pending, answered, refused, timeout, failed };
const char* to_string(Outcome o);

// How a reply ends: at the miner's close or a NUL byte (the CGMiner API, HTTP with
// Connection: close), or after a 4-byte little-endian length and that many bytes (btminer API
// v3, which keeps the connection open).
enum class Framing { close_or_nul, length_le32 };

struct Exchange {
  std::size_t machine = 0;  // index into the inventory: the only source of an address
  Framing framing = Framing::close_or_nul;
  std::uint16_t port = 0;   // 0: the machine's API port; else another of its ports the inventory names (web)
  std::string request;
  Outcome outcome = Outcome::pending;
  std::string reply;  // bytes as received (Outcome::answered)
  std::string error;  // why not answered
  int tries = 0;
};

inline Exchange make_exchange(std::size_t machine, std::string request, std::uint16_t port = 0) {
  Exchange x;
  x.machine = machine;
  x.port = port;
  x.request = std::move(request);
  return x;
}

// Runs every exchange once, concurrently; fills outcome, reply and error.
void run_exchanges(const Inventory& inv, std::vector<Exchange>& xs, const ClientOptions& opt);
// run_exchanges, then again for those whose transport failed (refused, timeout, failed),
// up to opt.retries more times with a growing pause between rounds.
void run_with_retries(const Inventory& inv, std::vector<Exchange>& xs, const ClientOptions& opt);

// Raises the soft limit on open files towards the hard one (sockets are file descriptors).
void raise_open_file_limit();

}  // namespace hs::fleet
