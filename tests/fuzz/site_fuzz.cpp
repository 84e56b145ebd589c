// allocate's site description (TOML): parse_site, as `allocate --site FILE` reads it.
// fuzz-link: hs_dispatch
#include <string>

#include "dispatch/site.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(hs::fuzz::as_text(data, size));
  hs::fuzz::refuse_only_with_data_errors([&] { (void)hs::dispatch::parse_site(text, "site.toml"); });
  return 0;
}
