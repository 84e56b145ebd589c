#include "core/record_spec.hpp"

#include "core/error.hpp"
#include "records/catalog.hpp"

namespace hs {

std::string_view to_string(FieldType t) {
  switch (t) {
    case FieldType::string: return "string";
    case FieldType::integer: return "integer";
    case FieldType::number: return "number";
    case FieldType::boolean: return "boolean";
    case FieldType::time: return "time";
  }
  return "?";
}

std::size_t RecordSpec::index_of(std::string_view field) const {
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == field) return i;
  return npos;
}

std::size_t RecordSpec::at(std::string_view field) const {
  auto i = index_of(field);
  if (i == npos)
    throw Error(exit_code::software, "record '" + name + "' has no field '" + std::string(field) + "'");
  return i;
}

std::vector<std::string> RecordSpec::field_names() const {
  std::vector<std::string> out;
  out.reserve(fields.size());
  for (const auto& f : fields) out.push_back(f.name);
  return out;
}

const std::vector<RecordSpec>& all_record_specs() {
  static const std::vector<RecordSpec> specs = [] {
    std::vector<RecordSpec> all;
    for (auto part : {records::price_records, records::hashbench_records, records::allocate_records,
                      records::leasecalc_records, records::payout_records, records::fleet_records}) {
      auto v = part();
      all.insert(all.end(), std::make_move_iterator(v.begin()), std::make_move_iterator(v.end()));
    }
    return all;
  }();
  return specs;
}

const RecordSpec& record_spec(std::string_view name) {
  for (const auto& s : all_record_specs())
    if (s.name == name) return s;
  throw Error(exit_code::software, "unknown record type '" + std::string(name) + "'");
}

}  // namespace hs
