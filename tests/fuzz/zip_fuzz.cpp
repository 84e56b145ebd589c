// Zip archives (ZipArchive over libzip): the _csv.zip downloads and the container of xlsx
// workbooks; every entry listed and read.
// fuzz-link: hs_market
#include "fuzz_support.hpp"
#include "market/zip.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static hs::fuzz::ScratchFile file(".zip");
  const std::string& path = file.write(hs::fuzz::as_text(data, size));
  hs::fuzz::refuse_only_with_data_errors([&] {
    if (!hs::market::looks_like_zip(path)) return;
    hs::market::ZipArchive zip(path, "in.zip");
    for (const auto& name : zip.names()) {
      if (zip.has(name)) (void)zip.read(name);
    }
  });
  return 0;
}
