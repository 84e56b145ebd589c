#pragma once
// Talking to many BMCs at once: a session each (POST SessionService/Sessions, X-Auth-Token,
// DELETE at the end) or HTTP basic, then rounds of requests where every server's next requests
// go out together (https.hpp). The inventory gives every URL: a BMC's links are followed only
// as paths on the same host (resources.hpp).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fleet/inventory.hpp"
#include "fleet/redfish/https.hpp"
#include "fleet/redfish/resources.hpp"

namespace hs {
class Credentials;
}

namespace hs::fleet::redfish {

struct Login {
  std::string username, password;
};
// [redfish] username and password from the credentials file (HYBRIDSITE_REDFISH_USERNAME and
// _PASSWORD override them); a missing one is Error(64).
Login login_from(const Credentials& creds);

// One server as read: state on, off, unreachable (no connection) or error (TLS refused, login
// refused, no chassis with power data ...), with why.
struct ServerRead {
  std::string state = "unreachable";
  std::string error;
  Reading reading;
  bool usable() const { return state == "on" || state == "off"; }
};

struct Request {
  std::size_t server = 0;  // index into the Client's servers
  std::string method, path, body;
  std::string if_match;
  // Filled in:
  bool answered = false;
  long status = 0;
  std::string reply, error;
  bool ok() const { return answered && status >= 200 && status < 300; }
};

class Client {
 public:
  Client(const Inventory& inv, std::vector<std::size_t> servers, Login login, HttpOptions http);
  ~Client();  // logs out
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  const Server& server(std::size_t k) const { return inv_.servers[servers_[k]]; }
  std::size_t size() const { return servers_.size(); }
  // Walks every server's resources (logging in first where a session is wanted and none is
  // open); one entry per server, in order. only: when given, the servers to read (the others
  // come back with state "skipped").
  std::vector<ServerRead> read(const std::vector<bool>& only = {});
  // Sends each request with the server's authentication; requests to servers that could not
  // log in come back unanswered with that error.
  void send(std::vector<Request>& requests);
  void logout();

 private:
  HttpCall call(std::size_t k, const std::string& method, const std::string& path) const;
  void login();

  const Inventory& inv_;
  std::vector<std::size_t> servers_;
  Login login_;
  HttpOptions http_;
  std::unique_ptr<Connections> conns_ = std::make_unique<Connections>();
  struct Session {
    bool tried = false;
    std::string token, location, error;
    bool transport_error = false;  // the login could not connect (unreachable, not refused)
  };
  std::vector<Session> sessions_;
};

}  // namespace hs::fleet::redfish
