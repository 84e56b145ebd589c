// leasecalc's scenario (TOML): Scenario::parse and validate, as `leasecalc FILE` reads one,
// then every model leasecalc runs on a valid one (lease, gpu, mining, the bridge), so values
// at the edge of their ranges are run through the month loops and the summary too.
// fuzz-link: hs_finance
#include <string>

#include "finance/models.hpp"
#include "finance/scenario.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(hs::fuzz::as_text(data, size));
  hs::fuzz::refuse_only_with_data_errors([&] {
    auto s = hs::finance::Scenario::parse(text, "scenario.toml");
    s.validate();
    using namespace hs::finance;
    for (auto model : {lease_components, gpu_components, mining_components, bridge_components}) {
      hs::fuzz::refuse_only_with_data_errors([&] {
        auto flows = finish(model(s), s, s.name());
        (void)summarize(flows, s.num("discount_rate"));
      });
    }
  });
  return 0;
}
