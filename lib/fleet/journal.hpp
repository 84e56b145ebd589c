#pragma once
// The journal: one SQLite file with every command fleet apply sent and the answer, grouped
// in runs. A run is keyed by its setpoints (interval and what each class was asked), so a
// cron run that is killed half way and started again with the same setpoints finds what
// was already acknowledged and does not send it again; a new interval is a new key.
//
// Each command is written ('sent') before it goes out and updated with the answer after,
// each wave in its own transaction; a crash between the two leaves 'sent' rows, which a
// resumed run treats as not acknowledged (the commands are idempotent: sleeping a sleeping
// LuxOS machine again is harmless). The file carries PRAGMA application_id 0x48534654
// ("HSFT"); any other SQLite file is refused (Error 65).
//
// One run at a time: the constructor takes an exclusive flock on "<journal>.lock" without
// waiting; another run holding it is Error(75).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace hs::fleet {

inline constexpr std::int32_t journal_application_id = 0x48534654;  // "HSFT"

struct JournalEntry {
  std::string machine, address, command, parameter, action, profile;
};

struct Acked {
  std::string action;   // last acknowledged sleep or wakeup in the run key ("" none)
  std::string profile;  // last acknowledged profile in the run key ("" none)
};

// What a machine was last seen doing when its telemetry was read (journal version 2).
struct LastSeen {
  bool hashing = false;
  double watts = 0;     // W, as read (nameplate when the firmware gave none)
  std::string seen_at;  // ISO 8601 UTC; empty when writing: now
};

class Journal {
 public:
  Journal(const std::string& path, int busy_timeout_ms);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // Starts (or resumes) the run for key; returns the run id.
  std::int64_t begin_run(const std::string& key, const std::string& interval_start);
  void finish_run(std::int64_t run, const std::string& outcome);
  // What machines acknowledged under this key in earlier runs (an interrupted cron run).
  std::map<std::string, Acked> acknowledged(const std::string& key);
  // Last acknowledged profile per machine, under any key.
  std::map<std::string, std::string> last_profiles();

  // Records commands as sent (one transaction); returns their row ids.
  std::vector<std::int64_t> sent(std::int64_t run, const std::string& key, const std::vector<JournalEntry>& entries);
  // Records answers: outcome "ack" or "failed", the reply text (cut to 4 KiB).
  struct Answer {
    std::int64_t row;
    bool ack;
    std::string reply;
  };
  void answered(const std::vector<Answer>& answers);

  // The last telemetry seen of each machine, and new sightings (one transaction).
  std::map<std::string, LastSeen> last_seen();
  void seen(const std::vector<std::pair<std::string, LastSeen>>& machines);

  // GPU power caps (journal version 3): each server's outcome under a run key. A server with
  // an outcome under the key, or a cap PATCH sent under it, is not sent the cap again.
  struct CapOutcome {
    std::string server, address;
    std::optional<double> asked_limit_watts;
    std::string outcome, message;
    // false: nothing reached the BMC (unreachable, TLS or login refused); a rerun tries again.
    bool final = true;
  };
  void cap_outcomes(std::int64_t run, const std::string& key, const std::vector<CapOutcome>& outcomes);
  // server -> its last final outcome under key ("sent" for a PATCH sent with no outcome after
  // it), the message that came with it, and the limit then asked (none: cleared or no limit).
  struct CapTried {
    std::string outcome, message;
    std::optional<double> asked_limit_watts;
    bool succeeded() const { return outcome == "set" || outcome == "cleared" || outcome == "unchanged"; }
  };
  std::map<std::string, CapTried> caps_tried(const std::string& key);

  // Rows of the journal, for tests and inspection: (machine, command, parameter, outcome).
  std::vector<std::vector<std::string>> rows(const std::string& key);

 private:
  void exec(const char* sql);
  std::string path_;
  sqlite3* db_ = nullptr;
  int lock_fd_ = -1;
};

// Test hook: HS_FLEET_CRASH_AFTER_WAVE=k kills the process (SIGKILL) after wave k's answers
// are journaled, to prove a resumed run sends nothing twice.
void crash_after_wave(int wave);

}  // namespace hs::fleet
