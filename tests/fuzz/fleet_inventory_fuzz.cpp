// fleet's inventory (TOML): parse_inventory, as `fleet --inventory FILE` reads it. Only
// addresses it accepts are ever sent anything, so it must refuse cleanly, never crash.
// fuzz-link: hs_fleet
#include <string>

#include "fleet/inventory.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(hs::fuzz::as_text(data, size));
  hs::fuzz::refuse_only_with_data_errors([&] { (void)hs::fleet::parse_inventory(text, "fleet.toml"); });
  return 0;
}
