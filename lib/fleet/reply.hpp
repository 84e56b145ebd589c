#pragma once
// The CGMiner-compatible JSON API on TCP 4028 (stock cgminer/bmminer, LuxOS, Braiins OS):
// one request per connection, {"command":"summary","parameter":"..."}; the reply is one JSON
// object, often followed by a NUL byte, then the miner closes the connection. Every reply
// carries a STATUS array whose first element says S (success), I (info), W (warning), E
// (error) or F (fatal), with a Code, a Msg and the firmware in Description; the data sits
// beside it in an array named after the command (SUMMARY, STATS, DEVS, POOLS, SESSION,
// CURTAIL, PROFILE, POWER ...). Shapes used here, quoted in tests/data/fleet/README.md:
//   cgminer API-README and the bmminer/Braiins OS replies recorded in public projects;
//   LuxOS: https://docs.luxor.tech/firmware/api/luxminer/logon, .../curtail, .../profileset,
//   .../session; POWER[0].Watts as pyasic reads it (pyasic/miners/backends/luxminer.py).
//   Braiins OS: tunerstatus (TUNERSTATUS[0].ApproximateMinerPowerConsumption, PowerLimit) and
//   pause / resume as pyasic's BOSMinerRPCAPI uses them (pyasic/rpc/bosminer.py).
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace hs::fleet {

struct Reply {
  bool ok = false;          // parsed, and STATUS is S or I
  bool truncated = false;   // the bytes stopped inside the object: closed here, values may be missing
  std::vector<std::string> repairs;  // the firmware quirks mended before parsing (repair_cgminer_json)
  std::string error;        // why not ok: a parse error or the miner's own Msg
  std::string status;       // S, I, W, E or F ("" when unparsed)
  long code = 0;
  std::string msg, description;
  nlohmann::json body;      // the whole reply object (null when unparsed)
  // The first element of the array named `section` (SUMMARY, POWER ...), or nullptr; a section
  // some firmware writes as one object instead of a list of one is taken as that element.
  const nlohmann::json* first(std::string_view section) const;
};

// What real firmware sends that is not JSON, mended outside strings unless said (the quirks
// pyasic's reply loader and Foreman's CgMiner patcher list, and the recordings in
// ../shared/data/fleet show): "}{" between objects of a list (bmminer STATS) gets its comma;
// a comma before "}" or "]" goes; bare nan, inf and -inf (Avalon's "MHS av":nan) become
// null; inside strings, "\'" (Whatsminer) becomes "'" and a raw newline, tab or other control
// byte (an S9's "Type") its escape; a reply cut short is closed (an open string, then the
// open lists and objects; a dangling key or comma dropped) and *truncated set. `repairs`
// gets the name of each kind of quirk mended. Linear in the bytes; never throws.
std::string repair_cgminer_json(std::string_view bytes, std::vector<std::string>* repairs = nullptr,
                                bool* truncated = nullptr);

// A pure function of the bytes: never throws, never reads anything else; `what` (the
// command sent) only names the reply in error messages. Trailing NULs and whitespace are
// ignored; bytes that are not JSON are mended by repair_cgminer_json and parsed again;
// anything still not one JSON object is an error.
Reply parse_cgminer_reply(std::string_view bytes, std::string_view what);

// Request bytes for a command and an optional parameter (commas separate arguments).
std::string cgminer_request(std::string_view command, std::string_view parameter = {});

// A number the firmware wrote as a JSON number or as a numeric string ("13815.68", as
// bmminer writes "GHS 5s"); nullopt for anything else.
std::optional<double> json_number(const nlohmann::json* obj, std::string_view key);

// Telemetry read from the replies. Hashrate from SUMMARY, the most recent the firmware gives:
// "GHS 5s" (bmminer, LuxOS), "MHS 5s" (cgminer, Whatsminer), "MHS 30s", "MHS 1m" (Avalon,
// which has no 5 s figure), then the averages since boot "GHS av", "MHS av"; a hashrate key
// written as nan (null once mended) with none of the others is 0 (an Avalon asleep). Hardware
// errors from "Hardware Errors". Whatsminer's summary also carries the power it measures
// ("Power", W) and its temperatures ("Temperature", "Chip Temp Max").
struct SummaryData {
  std::optional<double> ths;
  std::optional<long long> hw_errors;
  std::optional<double> watts;   // measured by the firmware
  std::optional<double> temp_c;  // the hotter of Temperature and Chip Temp Max
};
SummaryData read_summary(const Reply& r);
// The hottest of DEVS[*] "Temperature" / "TempMAX" / "Chip Temp Max" (cgminer, bmminer devs)
// and TEMPS[*] Board / Chip / TopLeft ... (LuxOS and Braiins OS temps); nullopt when none > 0.
std::optional<double> read_max_temperature(const Reply& r);
// The hottest board and chip of DEVS[*] (Temperature: the board; TempMAX, Chip Temp Max: the
// chips) and TEMPS[*] (Board, TopLeft ... BottomRight: the board; Chip), and of SUMMARY[0]'s
// Temperature and Chip Temp Max (Whatsminer).
struct BoardChip {
  std::optional<double> board_c, chip_c;
};
BoardChip read_board_chip(const Reply& r);
// Innosilicon (innominer) and sgminer keep one object per chain in STATS, or in STATS0..STATS9:
// "Temp" (the board) and "Temp max" (its hottest chip); zeros left out.
BoardChip read_chain_stats(const Reply& r);
// Avalon's STATS "MM ID0" string: "Ver[1246-...] Temp[25] TMax[89] MTmax[88 89 87] WALLPOWER[3400]"
// -> {Ver: "1246-...", Temp: "25", ...}. Fields without brackets are left out.
std::map<std::string, std::string> bracket_fields(std::string_view s);

// Stock Antminer (bmminer, Bitmain's cgminer) keeps its temperatures in `stats`, in the STATS
// object that has them: per chain the board (PCB) in temp1..temp16 and the strings temp_pcbN
// ("75-59-88-78": four sensors), the chips in temp2_N, temp3_N and temp_chipN ("80-66-97-87";
// negatives as "2--1-20-22"). Readings of 0 (an absent chain) or outside 1..150 C (a broken
// sensor's -83) are left out. Mode 254 is the miner asleep (the sleep mode pyasic and Foreman
// set through the web interface).
struct AntminerStats {
  std::optional<double> board_c, chip_c;  // the hottest board and chip
  std::optional<int> mode;
  bool sleeping() const { return mode && *mode == 254; }
};
AntminerStats read_antminer_stats(const Reply& r);
// "80-66-97-87" -> {80, 66, 97, 87}; "2--1-20-22" -> {2, -1, 20, 22}: a dash after a digit
// separates, any other is a sign.
std::vector<double> dash_joined_numbers(std::string_view s);
// LuxOS power: POWER[0].Watts. Braiins OS tunerstatus: TUNERSTATUS[0].ApproximateMinerPowerConsumption.
std::optional<double> read_watts(const Reply& r);
// LuxOS power with "PSU": false: the watts are LuxOS's estimate, not the power supply's
// reading (pyasic reads the flag the same way).
bool watts_are_estimate(const Reply& r);
// LuxOS logon: SESSION[0].SessionID ("" when no session could be had).
std::optional<std::string> read_session_id(const Reply& r);

}  // namespace hs::fleet
