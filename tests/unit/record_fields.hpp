#pragma once
// For tests of typed rows: a row's cells by the names of its record's fields, as the CSV
// writer shows them, so a test asserts `row["node"] == "HB_WEST"` and two swapped columns fail.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.hpp"
#include "core/record_spec.hpp"

namespace hs::test {

inline std::map<std::string, std::string> by_field(std::string_view record, const std::vector<Cell>& cells) {
  const auto& spec = record_spec(record);
  REQUIRE(cells.size() == spec.fields.size());
  std::map<std::string, std::string> row;
  for (std::size_t i = 0; i < cells.size(); ++i) row[spec.fields[i].name] = cell_text(cells[i]);
  return row;
}

}  // namespace hs::test
