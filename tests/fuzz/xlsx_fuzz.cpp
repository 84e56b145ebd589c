// xlsx workbooks: read_xlsx (pugixml over the parts) and the ERCOT archive reader on top of it
// (parse_ercot_xlsx). Zip checksums would stop almost every mutation of a raw workbook at the
// zip layer (zip_fuzz covers that), so the input here is the XML parts themselves, separated
// by lines "--8<--": sheet1.xml, then optionally sharedStrings.xml, workbook.xml and
// workbook.xml.rels (defaults: one sheet "Sheet1" at worksheets/sheet1.xml). The harness packs
// them into a workbook with libzip.
// fuzz-link: hs_market PkgConfig::LIBZIP
#include <zip.h>

#include <array>
#include <cstdlib>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "market/formats.hpp"
#include "market/price_row.hpp"
#include "market/xlsx.hpp"
#include "market/zip.hpp"

namespace {

constexpr std::string_view separator = "\n--8<--\n";

void pack(const std::string& path, const std::array<std::string, 4>& parts, const std::array<bool, 4>& present) {
  static const std::array<const char*, 4> names = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
                                                   "xl/workbook.xml", "xl/_rels/workbook.xml.rels"};
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!z) std::abort();
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (!present[i]) continue;
    zip_source_t* src = zip_source_buffer(z, parts[i].data(), parts[i].size(), 0);
    if (!src) std::abort();
    zip_int64_t idx = zip_file_add(z, names[i], src, ZIP_FL_OVERWRITE);
    if (idx < 0) std::abort();
    zip_set_file_compression(z, static_cast<zip_uint64_t>(idx), ZIP_CM_STORE, 0);
  }
  if (zip_close(z) != 0) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static hs::fuzz::ScratchFile file(".xlsx");
  auto text = hs::fuzz::as_text(data, size);
  std::array<std::string, 4> parts = {
      "", "",
      R"(<workbook xmlns:r="r"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>)",
      R"(<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>)"};
  std::array<bool, 4> present = {true, false, true, true};
  for (std::size_t i = 0; i < parts.size(); ++i) {
    auto end = text.find(separator);
    parts[i] = std::string(text.substr(0, end));
    present[i] = true;
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + separator.size());
  }
  pack(file.path(), parts, present);
  hs::fuzz::refuse_only_with_data_errors([&] {
    hs::market::ZipArchive zip(file.path(), "in.xlsx");
    (void)hs::market::read_xlsx(zip, "in.xlsx");
  });
  hs::market::ReadOptions opts;
  hs::market::Filter filter;
  hs::market::ParseContext ctx{opts, filter, [](hs::market::PriceRow&&) {}, "in.xlsx", 0};
  hs::fuzz::refuse_only_with_data_errors([&] { hs::market::parse_ercot_xlsx(file.path(), ctx); });
  return 0;
}
