#include "fleet/reply.hpp"

#include <algorithm>
#include <charconv>
#include <cctype>
#include <cmath>
#include <utility>

#include "core/parse.hpp"

namespace hs::fleet {

const nlohmann::json* Reply::first(std::string_view section) const {
  if (!body.is_object()) return nullptr;
  auto it = body.find(std::string(section));
  if (it == body.end()) return nullptr;
  if (it->is_object()) return &*it;  // a list of one written as the object itself
  if (!it->is_array() || it->empty() || !(*it)[0].is_object()) return nullptr;
  return &(*it)[0];
}

namespace {

void note_repair(std::vector<std::string>* repairs, const char* what) {
  if (repairs && std::find(repairs->begin(), repairs->end(), what) == repairs->end()) repairs->emplace_back(what);
}

// The last byte of out that is not white space, or 0.
char last_significant(const std::string& out) {
  for (auto it = out.rbegin(); it != out.rend(); ++it)
    if (*it != ' ' && *it != '\n' && *it != '\r' && *it != '\t') return *it;
  return 0;
}

void drop_trailing_space(std::string& out) {
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n' || out.back() == '\r' || out.back() == '\t'))
    out.pop_back();
}

}  // namespace

std::string repair_cgminer_json(std::string_view in, std::vector<std::string>* repairs, bool* truncated) {
  std::string out;
  out.reserve(in.size() + 16);
  std::string stack;  // the open '{' and '['
  bool in_string = false;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (in_string) {
      if (c == '\\') {
        if (i + 1 < in.size() && in[i + 1] == '\'') {  // \' is no JSON escape: a plain quote
          out += '\'';
          ++i;
          note_repair(repairs, "\\' in a string");
          continue;
        }
        out += c;
        if (i + 1 < in.size()) out += in[++i];
        continue;
      }
      if (c == '"') {
        in_string = false;
        out += c;
        continue;
      }
      if (static_cast<unsigned char>(c) < 0x20) {  // a raw control byte: its escape
        static const char* const hex = "0123456789abcdef";
        if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else if (c == '\r') out += "\\r";
        else out += std::string("\\u00") + hex[(c >> 4) & 0xf] + hex[c & 0xf];
        note_repair(repairs, "raw control byte in a string");
        continue;
      }
      out += c;
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        out += c;
        break;
      case '{':
      case '[':
        if (c == '{' && last_significant(out) == '}') {  // "}{": two objects of a list
          out += ',';
          note_repair(repairs, "}{ without a comma");
        }
        stack += c;
        out += c;
        break;
      case '}':
      case ']':
        if (last_significant(out) == ',') {
          drop_trailing_space(out);
          out.pop_back();
          note_repair(repairs, "comma before a closing bracket");
        }
        if (!stack.empty()) stack.pop_back();
        out += c;
        break;
      case '\0':
        note_repair(repairs, "NUL byte");
        break;
      default: {
        // Bare nan, inf, -inf (any case) where a value goes: null.
        auto word = [&](std::string_view w) {
          if (in.size() - i < w.size()) return false;
          for (std::size_t k = 0; k < w.size(); ++k)
            if (std::tolower(static_cast<unsigned char>(in[i + k])) != w[k]) return false;
          const std::size_t e = i + w.size();
          return e == in.size() || !std::isalnum(static_cast<unsigned char>(in[e]));
        };
        std::size_t len = 0;
        const bool may_start = c == 'n' || c == 'N' || c == 'i' || c == 'I' || c == '-';
        const char prev = may_start ? last_significant(out) : 0;  // only then: the scan is not free
        if (may_start && (prev == ':' || prev == '[' || prev == ',')) {
          if (word("nan")) len = 3;
          else if (word("-nan")) len = 4;
          else if (word("inf")) len = 3;
          else if (word("-inf")) len = 4;
          else if (word("infinity")) len = 8;
          else if (word("-infinity")) len = 9;
        }
        if (len > 0) {
          out += "null";
          i += len - 1;
          note_repair(repairs, "bare nan or inf");
        } else {
          out += c;
        }
      }
    }
  }
  if (in_string || !stack.empty()) {
    if (truncated) *truncated = true;
    note_repair(repairs, "cut short");
    if (in_string) out += '"';
    // A dangling key ("key" or "key":) or comma cannot stand before the closers.
    for (;;) {
      drop_trailing_space(out);
      const char last = out.empty() ? 0 : out.back();
      if (last == ',') {
        out.pop_back();
        continue;
      }
      if (last == ':') {
        out.pop_back();
        drop_trailing_space(out);
      }
      if (!out.empty() && out.back() == '"' && !stack.empty() && stack.back() == '{') {
        // A string right after '{' or ',' inside an object is a key without its value.
        std::size_t q = out.size() - 1, open = std::string::npos;
        for (std::size_t k = q; k-- > 0;) {
          if (out[k] == '"') {
            std::size_t bs = 0;
            for (std::size_t b = k; b-- > 0 && out[b] == '\\';) ++bs;
            if (bs % 2 == 0) {
              open = k;
              break;
            }
          }
        }
        if (open != std::string::npos) {
          std::size_t b = open;
          while (b > 0 && (out[b - 1] == ' ' || out[b - 1] == '\n' || out[b - 1] == '\r' || out[b - 1] == '\t')) --b;
          const char before = b > 0 ? out[b - 1] : 0;
          if (before == '{' || before == ',') {
            out.resize(open);
            continue;
          }
        }
      }
      break;
    }
    for (auto it = stack.rbegin(); it != stack.rend(); ++it) out += *it == '{' ? '}' : ']';
  }
  return out;
}

Reply parse_cgminer_reply(std::string_view bytes, std::string_view what) {
  Reply r;
  auto fail = [&](std::string why) {
    r.ok = false;
    r.error = std::string(what) + " reply: " + why;
    return r;
  };
  while (!bytes.empty()) {
    char c = bytes.back();
    if (c == '\0' || c == ' ' || c == '\n' || c == '\r' || c == '\t')
      bytes.remove_suffix(1);
    else
      break;
  }
  if (bytes.empty()) return fail("empty");
  // allow_exceptions = false: malformed input gives a discarded value, never a throw.
  auto j = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
  if (j.is_discarded()) {
    // Firmware quirks (repair_cgminer_json): mended, then parsed again.
    const std::string mended = repair_cgminer_json(bytes, &r.repairs, &r.truncated);
    j = nlohmann::json::parse(mended.begin(), mended.end(), nullptr, false);
    if (j.is_discarded()) return fail("not JSON, even with firmware quirks mended");
  }
  if (!j.is_object()) return fail("not a JSON object");
  r.body = std::move(j);
  const nlohmann::json* st = r.first("STATUS");
  // btminer's API v2 (Whatsminer) writes the status flat: {"STATUS":"S","Code":134,"Msg":{...}}.
  if (!st)
    if (auto f = r.body.find("STATUS"); f != r.body.end() && f->is_string()) st = &r.body;
  if (!st) return fail("no STATUS array");
  auto s = st->find("STATUS");
  if (s == st->end() || !s->is_string()) return fail("STATUS has no STATUS letter");
  r.status = s->get<std::string>();
  if (auto c = st->find("Code"); c != st->end() && c->is_number_integer()) r.code = c->get<long>();
  if (auto m = st->find("Msg"); m != st->end() && m->is_string()) r.msg = m->get<std::string>();
  if (auto d = st->find("Description"); d != st->end() && d->is_string()) r.description = d->get<std::string>();
  if (r.status == "S" || r.status == "I") {
    r.ok = true;
    return r;
  }
  return fail("status " + r.status + (r.msg.empty() ? "" : ": " + r.msg));
}

std::string cgminer_request(std::string_view command, std::string_view parameter) {
  nlohmann::json j;
  j["command"] = std::string(command);
  if (!parameter.empty()) j["parameter"] = std::string(parameter);
  return j.dump();
}

std::optional<double> json_number(const nlohmann::json* obj, std::string_view key) {
  if (!obj || !obj->is_object()) return std::nullopt;
  auto it = obj->find(std::string(key));
  if (it == obj->end()) return std::nullopt;
  if (it->is_number()) {
    double v = it->get<double>();
    return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
  }
  if (it->is_string()) {
    const auto& s = it->get_ref<const std::string&>();
    double v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && p == s.data() + s.size() && !s.empty() && std::isfinite(v)) return v;
  }
  return std::nullopt;
}

SummaryData read_summary(const Reply& r) {
  SummaryData d;
  const auto* s = r.first("SUMMARY");
  if (!s) return d;
  static const std::pair<const char*, double> rates[] = {{"GHS 5s", 1e3},  {"MHS 5s", 1e6}, {"MHS 30s", 1e6},
                                                         {"MHS 1m", 1e6},  {"GHS av", 1e3}, {"MHS av", 1e6}};
  bool nan_rate = false;
  for (const auto& [key, per_th] : rates) {
    if (auto v = json_number(s, key)) {
      d.ths = *v / per_th;
      break;
    }
    if (auto it = s->find(key); it != s->end() && it->is_null()) nan_rate = true;
  }
  if (!d.ths && nan_rate) d.ths = 0.0;  // nan where a rate goes: not hashing
  if (auto e = json_number(s, "Hardware Errors")) d.hw_errors = static_cast<long long>(*e);
  if (auto w = json_number(s, "Power"); w && *w > 0) d.watts = w;
  for (const char* k : {"Temperature", "Chip Temp Max"})
    if (auto t = json_number(s, k); t && *t > 0 && (!d.temp_c || *t > *d.temp_c)) d.temp_c = t;
  return d;
}

std::optional<double> read_max_temperature(const Reply& r) {
  if (!r.body.is_object()) return std::nullopt;
  std::optional<double> best;
  auto scan = [&](const char* section, std::initializer_list<const char*> keys) {
    auto it = r.body.find(section);
    if (it == r.body.end() || !it->is_array()) return;
    for (const auto& d : *it)
      for (const char* k : keys) {
        auto v = json_number(&d, k);
        if (v && *v > 0 && (!best || *v > *best)) best = *v;
      }
  };
  scan("DEVS", {"Temperature", "TempMAX", "Chip Temp Max"});
  scan("TEMPS", {"Board", "Chip", "TopLeft", "TopRight", "BottomLeft", "BottomRight"});
  return best;
}

BoardChip read_board_chip(const Reply& r) {
  BoardChip bc;
  if (!r.body.is_object()) return bc;
  auto take = [](std::optional<double>& slot, std::optional<double> v) {
    if (v && *v > 0 && (!slot || *v > *slot)) slot = v;
  };
  auto scan = [&](const char* section, std::initializer_list<const char*> board, std::initializer_list<const char*> chip) {
    auto it = r.body.find(section);
    if (it == r.body.end()) return;
    auto each = [&](const nlohmann::json& d) {
      for (const char* k : board) take(bc.board_c, json_number(&d, k));
      for (const char* k : chip) take(bc.chip_c, json_number(&d, k));
    };
    if (it->is_array())
      for (const auto& d : *it) each(d);
    else if (it->is_object())
      each(*it);
  };
  scan("DEVS", {"Temperature"}, {"TempMAX", "Chip Temp Max"});
  scan("TEMPS", {"Board", "TopLeft", "TopRight", "BottomLeft", "BottomRight"}, {"Chip"});
  scan("SUMMARY", {"Temperature"}, {"Chip Temp Max"});
  return bc;
}

BoardChip read_chain_stats(const Reply& r) {
  BoardChip bc;
  if (!r.body.is_object()) return bc;
  auto take = [](std::optional<double>& slot, std::optional<double> v) {
    if (v && *v > 0 && *v < 150 && (!slot || *v > *slot)) slot = v;
  };
  for (const auto& [key, value] : r.body.items()) {
    if (key.rfind("STATS", 0) != 0 || !value.is_array()) continue;
    for (const auto& chain : value) {
      if (!chain.is_object()) continue;
      take(bc.board_c, json_number(&chain, "Temp"));
      take(bc.chip_c, json_number(&chain, "Temp max"));
    }
  }
  return bc;
}

std::map<std::string, std::string> bracket_fields(std::string_view s) {
  std::map<std::string, std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto open = s.find('[', i);
    if (open == std::string_view::npos) break;
    const auto close = s.find(']', open);
    if (close == std::string_view::npos) break;
    std::size_t b = open;
    while (b > i && s[b - 1] != ' ' && s[b - 1] != ']') --b;
    if (b < open) out[std::string(s.substr(b, open - b))] = std::string(s.substr(open + 1, close - open - 1));
    i = close + 1;
  }
  return out;
}

std::vector<double> dash_joined_numbers(std::string_view s) {
  std::vector<double> out;
  std::string cur;
  auto flush = [&] {
    if (auto v = try_parse_double(cur)) out.push_back(*v);
    cur.clear();
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '-' && i > 0 && std::isdigit(static_cast<unsigned char>(s[i - 1]))) flush();
    else cur += c;
  }
  flush();
  return out;
}

AntminerStats read_antminer_stats(const Reply& r) {
  AntminerStats a;
  auto it = r.body.is_object() ? r.body.find("STATS") : r.body.end();
  if (it == r.body.end() || !it->is_array()) return a;
  auto keep = [](std::optional<double>& best, double v) {
    if (v >= 1 && v <= 150 && (!best || v > *best)) best = v;
  };
  auto digits_after = [](const std::string& k, std::size_t n) {
    return k.size() > n && k.find_first_not_of("0123456789", n) == std::string::npos;
  };
  for (const auto& st : *it) {
    if (!st.is_object()) continue;
    if (auto m = json_number(&st, "Mode")) a.mode = static_cast<int>(*m);
    for (const auto& [k, v] : st.items()) {
      if (k.rfind("temp", 0) != 0) continue;
      const bool board_n = digits_after(k, 4);                                       // temp1
      const bool chip_n = (k.rfind("temp2_", 0) == 0 && digits_after(k, 6)) ||       // temp2_1
                          (k.rfind("temp3_", 0) == 0 && digits_after(k, 6));         // temp3_1
      const bool pcb_s = k.rfind("temp_pcb", 0) == 0 && digits_after(k, 8);          // temp_pcb1
      const bool chip_s = k.rfind("temp_chip", 0) == 0 && digits_after(k, 9);        // temp_chip1
      if (board_n || chip_n) {
        if (auto x = json_number(&st, k)) keep(board_n ? a.board_c : a.chip_c, *x);
      } else if ((pcb_s || chip_s) && v.is_string()) {
        for (double x : dash_joined_numbers(v.get<std::string>())) keep(pcb_s ? a.board_c : a.chip_c, x);
      }
    }
  }
  return a;
}

std::optional<double> read_watts(const Reply& r) {
  if (auto w = json_number(r.first("POWER"), "Watts")) return w;
  return json_number(r.first("TUNERSTATUS"), "ApproximateMinerPowerConsumption");
}

bool watts_are_estimate(const Reply& r) {
  const auto* p = r.first("POWER");
  if (!p) return false;
  auto it = p->find("PSU");
  return it != p->end() && it->is_boolean() && !it->get<bool>();
}

std::optional<std::string> read_session_id(const Reply& r) {
  const auto* s = r.first("SESSION");
  if (!s) return std::nullopt;
  auto it = s->find("SessionID");
  if (it == s->end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace hs::fleet
