#pragma once
// API and machine credentials (powerfeed fetch, fleet): from environment variables first, then from a TOML file
// (--credentials FILE, else $XDG_CONFIG_HOME/hybridsite/credentials.toml or
// ~/.config/hybridsite/credentials.toml when it exists), one table per source:
//   [ercot]  username, password, subscription_key
//   [pjm]    api_key
//   [entsoe] token
//   [isone]  username, password
//   [bitcoind] rpcuser, rpcpassword, cookie_file
//   [antminer] username, password     (fleet: stock Bitmain web interface, HTTP digest)
//   [whatsminer] password             (fleet: btminer API v2 privileged commands)
//   [whatsminer3] password            (fleet: btminer API v3 set.* commands, account super)
//   [epic] password                   (fleet: ePIC UMC HTTP API)
//   [braiins] username, password      (fleet: Braiins OS+ public API, power targets)
// A file that group or others may read is refused (Error 77) before it is parsed. Values are
// never put into a message: errors name the file, the table and the key, not what they hold.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hs {

class Credentials {
 public:
  // explicit_path: --credentials (must exist); empty: the default path, if the file is there.
  static Credentials load(const std::string& explicit_path);
  // The environment variable env, else [source] key from the file.
  std::optional<std::string> get(std::string_view source, std::string_view key, std::string_view env) const;
  // Like get, but a missing value is Error(64) naming the variable and the file key to set.
  std::string require(std::string_view source, std::string_view key, std::string_view env) const;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::map<std::string, std::string> values_;  // "source.key" -> value
};

// Refuses (Error 77) a file whose mode lets group or others read or write it.
void check_private_file(const std::string& path);

}  // namespace hs
