#pragma once
// Reading worksheets of an .xlsx workbook (a zip of XML parts) with libzip and pugixml:
// shared strings resolved, numbers kept as their stored text ("45717.0", "2.0").
#include <string>
#include <vector>

#include "market/tables.hpp"
#include "market/zip.hpp"

namespace hs::market {

struct Sheet {
  std::string name;
  std::vector<std::vector<std::string>> rows;  // cells by column, gaps as ""
  std::vector<std::uint64_t> row_numbers;      // the sheet's own row numbers (1-based)
};

// Every worksheet in workbook order.
std::vector<Sheet> read_xlsx(const ZipArchive& zip, const std::string& display);

}  // namespace hs::market
