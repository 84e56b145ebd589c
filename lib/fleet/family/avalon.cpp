// Avalon (Canaan): cgminer with the Avalon driver. Hashrate from the summary (A10 and later
// have no "MHS 5s": "MHS 30s", "MHS 1m"; asleep they write a bare nan); everything else sits in
// `stats`, in each module's "MM IDn" string of bracketed fields: TMax / MTmax the hottest chips,
// HBITemp / HBOTemp the boards' inlet and outlet, WALLPOWER the wall watts the PSU measures
// (A12 and later), SoftOFF[1] a machine turned off in software. Commands through `ascset`:
// 0,softoff,1:<unix time> and 0,softon,1:<unix time> (as pyasic and Canaan's tools send them),
// and 0,workmode,set,<n> for a work mode.
#include <ctime>

#include "core/parse.hpp"
#include "fleet/family/cgminer_api.hpp"

namespace hs::fleet {
namespace {

const FamilyInfo row{
    Firmware::avalon, "avalon", "Canaan Avalon (cgminer, Avalon driver)", "CGMiner API, TCP", 4028,
    "SUMMARY MHS 5s, MHS 30s, MHS 1m, then MHS av (nan: 0)", "stats MM IDn WALLPOWER[] (measured, A12 and later), else estimate",
    "board: stats MM IDn HBITemp[], HBOTemp[]; chip: TMax[], MTmax[]", "hashing when the hashrate is above 0; SoftOFF[1]: sleeping",
    "ascset 0,softoff / 0,softon; profile: ascset 0,workmode,set,<n>", "", true, true};

// The largest number among a field's space-separated values ("88 89 87").
std::optional<double> max_of(const std::map<std::string, std::string>& f, const char* key) {
  auto it = f.find(key);
  if (it == f.end()) return std::nullopt;
  std::optional<double> best;
  std::size_t i = 0;
  const std::string& s = it->second;
  while (i < s.size()) {
    auto j = s.find(' ', i);
    if (j == std::string::npos) j = s.size();
    if (auto v = try_parse_double(s.substr(i, j - i)); v && (!best || *v > *best)) best = v;
    i = j + 1;
  }
  return best;
}

class AvalonDriver : public Driver {
 public:
  const FamilyInfo& info() const override { return row; }
  std::vector<Exchange> telemetry_requests(std::size_t machine, const Machine&) const override {
    return {make_exchange(machine, cgminer_request("summary")), make_exchange(machine, cgminer_request("stats"))};
  }
  void read_telemetry(const Machine&, const Exchange* xs, std::size_t n, Telemetry& t) const override {
    if (!cgapi::read_summary_into(xs[0], t)) return;
    if (n < 2) return;
    auto r = cgapi::answered(xs[1], "stats");
    if (!r) return;
    auto it = r->body.find("STATS");
    if (it == r->body.end() || !it->is_array()) return;
    double watts = 0;
    bool have_watts = false, off = false;
    for (const auto& st : *it) {
      if (!st.is_object()) continue;
      for (const auto& [key, value] : st.items()) {
        if (key.rfind("MM ID", 0) != 0 || !value.is_string()) continue;
        const auto f = bracket_fields(value.get<std::string>());
        t.chip(max_of(f, "TMax"));
        t.chip(max_of(f, "MTmax"));
        t.board(max_of(f, "HBITemp"));
        t.board(max_of(f, "HBOTemp"));
        if (auto w = max_of(f, "WALLPOWER")) watts += *w, have_watts = true;
        if (auto s = max_of(f, "SoftOFF"); s && *s > 0) off = true;
      }
    }
    if (have_watts) t.watts = watts;
    if (off) t.state = "sleeping";
  }
  std::unique_ptr<CommandChain> commands(const Machine&, std::vector<const Action*> actions,
                                         const MachineSecrets&) const override {
    return std::make_unique<cgapi::OneCommandChain>(std::move(actions), [](const Action& a) {
      cgapi::Command c;
      c.command = "ascset";
      if (a.kind == ActionKind::profile) {
        if (!try_parse_double(a.profile)) c.error = "an Avalon work mode is a number (0, 1, 2), not '" + a.profile + "'";
        c.parameter = "0,workmode,set," + a.profile;
      } else {
        c.parameter = std::string("0,") + (a.kind == ActionKind::sleep ? "softoff" : "softon") + ",1:" +
                      std::to_string(static_cast<long long>(std::time(nullptr)));
      }
      return c;
    });
  }
};

}  // namespace

const Driver& avalon_driver() {
  static const AvalonDriver d;
  return d;
}

}  // namespace hs::fleet
