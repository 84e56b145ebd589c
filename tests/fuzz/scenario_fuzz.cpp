// leasecalc's scenario (TOML): Scenario::parse and validate, as `leasecalc FILE` reads one.
// fuzz-link: hs_finance
#include <string>

#include "finance/scenario.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(hs::fuzz::as_text(data, size));
  hs::fuzz::refuse_only_with_data_errors([&] {
    auto s = hs::finance::Scenario::parse(text, "scenario.toml");
    s.validate();
  });
  return 0;
}
