#pragma once
// Exit statuses shared by every tool, after BSD sysexits(3), so scripts and cron can tell
// a usage mistake from bad data, a missing file, an absent device or an I/O failure.

namespace hs::exit_code {
inline constexpr int ok = 0;
inline constexpr int failure = 1;       // the job ran but its verdict is "no" (e.g. check found gaps)
inline constexpr int failsafe = 3;      // allocate now: setpoints written, from the fail-safe (no fresh price)
inline constexpr int usage = 64;        // EX_USAGE: bad command line
inline constexpr int data = 65;         // EX_DATAERR: input data malformed
inline constexpr int no_input = 66;     // EX_NOINPUT: input file missing or unreadable
inline constexpr int unavailable = 69;  // EX_UNAVAILABLE: service or device unavailable
inline constexpr int software = 70;     // EX_SOFTWARE: internal error (a bug)
inline constexpr int cant_create = 73;  // EX_CANTCREAT: output cannot be created
inline constexpr int io = 74;           // EX_IOERR: read or write failed
inline constexpr int temp_fail = 75;    // EX_TEMPFAIL: busy (a lock held), try again later
inline constexpr int no_perm = 77;      // EX_NOPERM: credentials refused, or a credentials file others can read
inline constexpr int interrupted = 130; // SIGINT: partial result written, marked partial
}  // namespace hs::exit_code
