// Keeps man/hybridsite-records.5 and the record catalogue in lib/records/ equal: every record
// and field in code is documented with its type and whether it is required, and nothing else is.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <set>
#include <regex>
#include <string>

#include "core/record_spec.hpp"

namespace {

struct DocField {
  std::string name, type;
  bool required;
};

std::map<std::string, std::vector<DocField>> read_page() {
  std::ifstream in(std::string(HS_SOURCE_DIR) + "/man/hybridsite-records.5");
  REQUIRE(in);
  std::map<std::string, std::vector<DocField>> out;
  std::string line, current;
  bool in_records = false;
  static const std::regex field_re(R"re(^\.BR (\S+) " \((\w+), (required|optional)\)"$)re");
  while (std::getline(in, line)) {
    if (line.rfind(".SH ", 0) == 0) {
      in_records = line == ".SH RECORDS";
      continue;
    }
    if (!in_records) continue;
    if (line.rfind(".SS ", 0) == 0) {
      current = line.substr(4);
      INFO("record documented twice: " << current);
      CHECK(out.count(current) == 0);
      out[current];
      continue;
    }
    std::smatch m;
    if (std::regex_match(line, m, field_re)) {
      INFO("field outside a record section: " << line);
      REQUIRE_FALSE(current.empty());
      out[current].push_back({m[1], m[2], m[3] == "required"});
    }
  }
  return out;
}

}  // namespace

TEST_CASE("hybridsite-records(5) documents exactly the records in code", "[records][docs]") {
  auto page = read_page();
  const auto& specs = hs::all_record_specs();
  for (const auto& spec : specs) {
    INFO("record " << spec.name);
    REQUIRE(page.count(spec.name) == 1);
    const auto& doc = page.at(spec.name);
    std::vector<std::string> code_names, doc_names;
    for (const auto& f : spec.fields) code_names.push_back(f.name);
    for (const auto& f : doc) doc_names.push_back(f.name);
    CHECK(doc_names == code_names);
    for (std::size_t i = 0; i < std::min(doc.size(), spec.fields.size()); ++i) {
      INFO("field " << spec.fields[i].name);
      CHECK(doc[i].type == std::string(hs::to_string(spec.fields[i].type)));
      CHECK(doc[i].required == spec.fields[i].required);
    }
  }
  for (const auto& [name, fields] : page) {
    INFO("documented but not in code: " << name);
    bool found = false;
    for (const auto& spec : specs) found = found || spec.name == name;
    CHECK(found);
  }
}

TEST_CASE("record and field names are unique and in the naming style", "[records]") {
  std::regex style("^[a-z][a-z0-9_]*$");
  std::set<std::string> names;
  for (const auto& spec : hs::all_record_specs()) {
    CHECK(names.insert(spec.name).second);
    std::set<std::string> fields;
    for (const auto& f : spec.fields) {
      INFO(spec.name << "." << f.name);
      CHECK(std::regex_match(f.name, style));
      CHECK(fields.insert(f.name).second);
      CHECK_FALSE(f.doc.empty());
    }
  }
}
