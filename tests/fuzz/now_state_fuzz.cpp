// allocate now's state file (JSON it wrote on the previous cron run): state_from_json, then the
// promise that lets the next run read it: what state_to_json writes from an accepted state
// reads back to the same state (written again, the same bytes).
// fuzz-link: hs_dispatch
#include <cstdio>
#include <cstdlib>
#include <string>

#include "dispatch/now.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(hs::fuzz::as_text(data, size));
  hs::fuzz::refuse_only_with_data_errors([&] {
    const auto st = hs::dispatch::state_from_json(text, "now.state");
    const std::string written = hs::dispatch::state_to_json(st);
    std::string again;
    try {
      again = hs::dispatch::state_to_json(hs::dispatch::state_from_json(written, "rewritten.state"));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "fuzz: allocate cannot read back the state it wrote: %s\n%s", e.what(), written.c_str());
      std::abort();
    }
    if (again != written) {
      std::fprintf(stderr, "fuzz: state changed on a second write:\n%s\n---\n%s", written.c_str(), again.c_str());
      std::abort();
    }
  });
  return 0;
}
