// powerfeed fetch's credentials file (TOML): Credentials::load on a private (mode 600) file,
// then every value a fetch asks for. A refusal must not quote the file's text: its values are
// secrets, so the message of any refusal may hold no string value from the input.
// fuzz-link: hs_market tomlplusplus::tomlplusplus
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include "core/toml.hpp"
#include <vector>

#include "fuzz_support.hpp"
#include "market/credentials.hpp"

namespace {
struct Want {
  const char *source, *key, *env;
};
// The tables and keys powerfeed fetch reads (powerfeed(1) FETCH); the variables are unset here.
constexpr Want kWanted[] = {{"ercot", "username", "HS_FUZZ_UNSET_1"},  {"ercot", "password", "HS_FUZZ_UNSET_2"},
                            {"ercot", "subscription_key", "HS_FUZZ_UNSET_3"}, {"pjm", "api_key", "HS_FUZZ_UNSET_4"},
                            {"entsoe", "token", "HS_FUZZ_UNSET_5"},        {"isone", "username", "HS_FUZZ_UNSET_6"},
                            {"isone", "password", "HS_FUZZ_UNSET_7"}};

// The input's string values long enough not to match a table or key name by chance, read by
// toml++ on its own (none when the text is not TOML).
std::vector<std::string> secrets_in(const std::string& text) {
  std::vector<std::string> out;
  try {
    const toml::table root = toml::parse(text);
    for (const auto& [source, node] : root) {
      if (const auto* t = node.as_table())
        for (const auto& [key, v] : *t)
          if (auto s = v.value<std::string>(); s && s->size() >= 8) out.push_back(*s);
    }
  } catch (const toml::parse_error&) {
  }
  return out;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static hs::fuzz::ScratchFile file(".toml");
  const std::string& path = file.write(hs::fuzz::as_text(data, size));
  if (::chmod(path.c_str(), 0600) != 0) std::abort();
  try {
    hs::fuzz::refuse_only_with_data_errors([&] {
      const auto c = hs::market::Credentials::load(path);
      for (const auto& w : kWanted) {
        if (auto v = c.get(w.source, w.key, w.env); v && v->empty()) std::abort();  // empty is "not set"
      }
    });
  } catch (...) {
    std::abort();
  }
  // refuse_only_with_data_errors swallowed a refusal: load it again to read its message.
  try {
    (void)hs::market::Credentials::load(path);
  } catch (const hs::Error& e) {
    const std::string message = e.what();
    for (const auto& secret : secrets_in(std::string(hs::fuzz::as_text(data, size)))) {
      if (message.find(secret) != std::string::npos) {
        std::fprintf(stderr, "fuzz: a credentials refusal quotes a value: %s\n", message.c_str());
        std::abort();
      }
    }
  }
  return 0;
}
