#pragma once
// A firmware family is one unit of change: one driver file in fleet/family/<name>.cpp with its
// row of the firmware table (what gives the hashrate, the power, the temperatures and the
// state, and what fleet can command), its telemetry reader and its command chain. fleet(1)'s
// FIRMWARE table is checked against `fleet firmware`, which prints these rows.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fleet/client.hpp"
#include "fleet/grpc.hpp"
#include "fleet/inventory.hpp"
#include "fleet/plan.hpp"

namespace hs {
class Credentials;
}

namespace hs::fleet {

struct Telemetry;

// One row of the firmware table.
struct FamilyInfo {
  Firmware firmware;
  const char* name;        // the inventory's firmware value
  const char* firmware_of; // whose firmware, which machines
  const char* protocol;    // what fleet speaks to it
  std::uint16_t default_port;
  const char* hashrate;    // the fields read, in order of preference
  const char* power;       // measured (and where) or estimated
  const char* temperature; // board and chip
  const char* state;       // hashing, sleeping
  const char* commands;    // sleep/wake, profiles ("" read only)
  const char* credentials; // the credentials file's table and keys ("" none)
  bool sleep_wake;
  bool profiles;
};

// One request of a machine's command chain, and how the journal shows it.
struct CommandStep {
  std::string request;       // the bytes sent
  std::uint16_t port = 0;    // 0: the machine's API port (Exchange::port)
  std::string command;       // journal: the command's name
  std::string shown;         // journal: its parameter, with secrets and tokens left out
  std::string action;        // journal: sleep, wakeup or profile when this step does one; "" a helper step (logon, token)
  std::string profile;
  // The journal keeps the answer's bytes unless they may hold a secret (an Antminer's
  // configuration carries its pool passwords): then only the HTTP status line.
  bool keep_reply = true;
  // A gRPC call instead of an exchange (Braiins OS+ public API); its answer goes to
  // CommandChain::answer_grpc.
  std::optional<GrpcCall> grpc = std::nullopt;
  Framing framing = Framing::close_or_nul;  // how the answer ends (btminer API v3: a length)
};

// One machine's actions in one wave, as a chain of exchanges: the runner asks every chain for
// its next step, sends them all at once, and hands each its answer. Secrets never leave the
// chain except inside `request`.
class CommandChain {
 public:
  explicit CommandChain(std::vector<const Action*> actions) : actions_(std::move(actions)), acked_(actions_.size(), false) {}
  virtual ~CommandChain() = default;
  // The next step, or nullopt when the chain is done.
  virtual std::optional<CommandStep> next() = 0;
  // The answer to the last step (x.outcome, x.reply). Returns whether the journal counts it
  // acknowledged; sets acked()/error() as the chain learns them.
  virtual bool answer(const Exchange& x) = 0;
  virtual bool answer_grpc(const GrpcCall&) { return false; }
  const std::vector<const Action*>& actions() const { return actions_; }
  const std::vector<bool>& acked() const { return acked_; }
  const std::string& error() const { return error_; }

 protected:
  std::vector<const Action*> actions_;
  std::vector<bool> acked_;
  std::string error_;
};

struct MachineSecrets {
  std::string username, password;
};

class Driver {
 public:
  virtual ~Driver() = default;
  virtual const FamilyInfo& info() const = 0;
  // The exchanges that read one machine's telemetry (index `machine` into the inventory).
  virtual std::vector<Exchange> telemetry_requests(std::size_t machine, const Machine& m) const = 0;
  // Reads them back (answered or not); xs[0] is the first request's exchange.
  virtual void read_telemetry(const Machine& m, const Exchange* xs, std::size_t n, Telemetry& t) const = 0;
  // The chain carrying `actions` to one machine; a family that cannot do an action makes a chain
  // that fails it with a message.
  virtual std::unique_ptr<CommandChain> commands(const Machine& m, std::vector<const Action*> actions,
                                                 const MachineSecrets& secrets) const = 0;
  // The credentials a family needs for commands: [table] and keys; empty when none.
  virtual std::optional<MachineSecrets> secrets(const Credentials& creds) const;
};

const Driver& driver(Firmware f);
const FamilyInfo& family(Firmware f);
const std::vector<FamilyInfo>& families();

// A chain that fails every action with `why` and sends nothing.
std::unique_ptr<CommandChain> refusing_chain(std::vector<const Action*> actions, std::string why);

}  // namespace hs::fleet
