#pragma once
// The pipe contract: each record type is defined once here (name, fields, types, units in
// the field names) and documented in man/hybridsite-records.5; a unit test keeps the two equal.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hs {

enum class FieldType { string, integer, number, boolean, time };
std::string_view to_string(FieldType t);

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::string;
  bool required = true;  // a reader refuses input that lacks a required column
  std::string doc;
};

struct RecordSpec {
  std::string name;
  std::string doc;
  std::vector<FieldSpec> fields;

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  std::size_t index_of(std::string_view field) const;  // npos when absent
  std::size_t at(std::string_view field) const;        // throws (a bug) when absent
  std::vector<std::string> field_names() const;
};

// Every record type of the toolkit, in man-page order.
const std::vector<RecordSpec>& all_record_specs();
// One record type by name; an unknown name is a programming error (Error 70).
const RecordSpec& record_spec(std::string_view name);

}  // namespace hs
