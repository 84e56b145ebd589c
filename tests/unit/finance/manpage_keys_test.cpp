// Every scenario key is documented in leasecalc(1), with its default, and the page
// documents no key the code lacks.
#include <catch2/catch.hpp>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "finance/scenario.hpp"

TEST_CASE("leasecalc(1) documents every scenario key with its default", "[finance][docs]") {
  std::ifstream in(std::string(HS_SOURCE_DIR) + "/man/leasecalc.1");
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string page = std::regex_replace(ss.str(), std::regex(R"(\\-)"), "-");
  std::set<std::string> documented;
  std::regex entry(R"re(\.BR ([a-z_.]+) " \((number|text|date), default ([^)]*)\)")re");
  for (std::sregex_iterator it(page.begin(), page.end(), entry), end; it != end; ++it)
    documented.insert((*it)[1].str() + "=" + (*it)[3].str());
  std::set<std::string> in_code;
  for (const auto& k : hs::finance::scenario_keys()) in_code.insert(k.name + "=" + k.default_value);
  CHECK(documented == in_code);
}
