// ISO 8601 times and durations as every tool reads them (try_parse_iso8601, try_parse_duration).
// Beyond not crashing: a time read back from its own UTC text is the same instant.
// fuzz-link: hs_core
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/time.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = hs::fuzz::as_text(data, size);
  hs::fuzz::refuse_only_with_data_errors([&] {
    for (std::string_view zone : {std::string_view{}, std::string_view{"America/Chicago"}, std::string_view{"UTC"}}) {
      auto t = hs::try_parse_iso8601(text, zone);
      if (!t) continue;
      const std::string back = hs::format_iso8601_utc(*t);
      auto again = hs::try_parse_iso8601(back);
      if (!again || *again != *t) {
        std::fprintf(stderr, "time: \"%s\" reads as %s, which does not read back\n", std::string(text).c_str(),
                     back.c_str());
        std::abort();
      }
      (void)hs::format_iso8601_local(*t, "America/Chicago");
    }
    (void)hs::try_parse_duration(text);
  });
  return 0;
}
