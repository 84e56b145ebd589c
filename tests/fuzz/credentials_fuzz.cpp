// powerfeed fetch's credentials file (TOML): Credentials::load on a private (mode 600) file,
// then every value a fetch asks for. A refusal must not quote the file's text: its values are
// secrets, so the message of a refusal must not change when every string value does. (Looking
// for each value inside the message was wrong: a value can equal text the message holds
// anyway, such as the path's tail and a table name.)
// fuzz-link: hs_market tomlplusplus::tomlplusplus
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

#include "core/toml.hpp"

#include "fuzz_support.hpp"
#include "core/credentials.hpp"

namespace {
struct Want {
  const char *source, *key, *env;
};
// The tables and keys powerfeed fetch reads (powerfeed(1) FETCH); the variables are unset here.
constexpr Want kWanted[] = {{"ercot", "username", "HS_FUZZ_UNSET_1"},  {"ercot", "password", "HS_FUZZ_UNSET_2"},
                            {"ercot", "subscription_key", "HS_FUZZ_UNSET_3"}, {"pjm", "api_key", "HS_FUZZ_UNSET_4"},
                            {"entsoe", "token", "HS_FUZZ_UNSET_5"},        {"isone", "username", "HS_FUZZ_UNSET_6"},
                            {"isone", "password", "HS_FUZZ_UNSET_7"}};

// Every string value in the tree replaced by one of the same length that differs in every
// byte: a twin document that refuses for the same reason, but whose values share nothing with
// the original's.
void mask_strings(toml::node& node) {
  if (auto* t = node.as_table()) {
    for (auto&& [key, v] : *t) mask_strings(v);
  } else if (auto* a = node.as_array()) {
    for (auto& v : *a) mask_strings(v);
  } else if (auto* s = node.as_string()) {
    for (char& c : s->get()) c = c == 'x' ? 'y' : 'x';
  }
}

// The refusal's message without its leading file path (the twin lives at another path).
std::string refusal_after_path(const std::string& path) {
  try {
    (void)hs::Credentials::load(path);
  } catch (const hs::Error& e) {
    const std::string message = e.what();
    if (message.compare(0, path.size(), path) == 0) return message.substr(path.size());
    return message;
  }
  return {};
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static hs::fuzz::ScratchFile file(".toml");
  const std::string& path = file.write(hs::fuzz::as_text(data, size));
  if (::chmod(path.c_str(), 0600) != 0) std::abort();
  try {
    hs::fuzz::refuse_only_with_data_errors([&] {
      const auto c = hs::Credentials::load(path);
      for (const auto& w : kWanted) {
        if (auto v = c.get(w.source, w.key, w.env); v && v->empty()) std::abort();  // empty is "not set"
      }
    });
  } catch (...) {
    std::abort();
  }
  // A refusal must not depend on the values: load a twin whose every string value is changed,
  // and the message must read the same (only when the input is TOML that toml++ writes back;
  // a parse refusal names a line, never text).
  const std::string message = refusal_after_path(path);
  if (message.empty()) return 0;
  toml::table root;
  try {
    root = toml::parse(std::string(hs::fuzz::as_text(data, size)));
  } catch (const toml::parse_error&) {
    return 0;
  }
  mask_strings(root);
  std::ostringstream twin_text;
  twin_text << root;
  // toml++ does not write every tree back as the TOML of that tree: a key made of quotes comes
  // back as invalid TOML, or as another key ("''" is written as '', the empty key). Such a twin
  // says nothing about the values, so only a twin that reads back as the masked tree is compared.
  try {
    if (toml::parse(twin_text.str()) != root) return 0;
  } catch (const toml::parse_error&) {
    return 0;
  }
  static hs::fuzz::ScratchFile twin(".twin.toml");
  const std::string& twin_path = twin.write(twin_text.str());
  if (::chmod(twin_path.c_str(), 0600) != 0) std::abort();
  const std::string twin_message = refusal_after_path(twin_path);
  if (!twin_message.empty() && twin_message != message) {
    std::fprintf(stderr, "fuzz: a credentials refusal depends on a value:\n  %s\n  %s (values masked)\n",
                 message.c_str(), twin_message.c_str());
    std::abort();
  }
  return 0;
}
