// The scheme table is the one list of schemes: parse_scheme, the error text, payout(1) and the
// shell completions must name exactly its schemes.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "core/error.hpp"
#include "ledger/scheme_table.hpp"

using namespace hs::ledger;

namespace {
std::string source(const std::string& rel) {
  std::ifstream in(std::string(HS_SOURCE_DIR) + "/" + rel);
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
std::set<std::string> table_names() {
  std::set<std::string> out;
  for (const auto& s : scheme_table()) out.emplace(s.name);
  return out;
}
std::set<std::string> words(const std::string& text) {
  std::set<std::string> out;
  std::istringstream in(text);
  for (std::string w; in >> w;) out.insert(w);
  return out;
}
// The words of the first match's group 1 of re in file.
std::set<std::string> listed(const std::string& file, const std::string& re) {
  std::smatch m;
  std::string text = source(file);
  INFO(file << " has no scheme list matching " << re);
  REQUIRE(std::regex_search(text, m, std::regex(re)));
  return words(m[1]);
}
}  // namespace

TEST_CASE("scheme table: every row parses back to itself and fills", "[ledger][schemes]") {
  REQUIRE(scheme_table().size() == 6);
  for (const auto& s : scheme_table()) {
    INFO(s.name);
    CHECK(parse_scheme(s.name) == s.id);
    CHECK(to_string(s.id) == s.name);
    CHECK(s.fill != nullptr);
    CHECK_FALSE(s.summary.empty());
  }
  CHECK(scheme_names(", ", " or ") == "pps, fpps, pplns, prop, solo or tides");
  CHECK(scheme_info(Scheme::tides).fixed_window_x == 800000000u);  // X = 8, scaled 10^8
  CHECK(scheme_info(Scheme::pplns).gather == Gather::window);
  CHECK(scheme_info(Scheme::prop).gather == Gather::round);
}

TEST_CASE("scheme table: an unknown scheme is a usage error listing the table", "[ledger][schemes]") {
  try {
    parse_scheme("ppsl");
    FAIL("no error");
  } catch (const hs::Error& e) {
    CHECK(e.code() == 64);
    CHECK(std::string(e.what()) == "--scheme: expected pps, fpps, pplns, prop, solo or tides, got \"ppsl\"");
  }
}

TEST_CASE("scheme table: payout(1) and the completions list exactly its schemes", "[ledger][schemes][docs]") {
  const auto want = table_names();
  // payout(1): each scheme has its paragraph (.TP / .B name) under SCHEMES, and --scheme lists them.
  std::string page = source("man/payout.1");
  auto schemes_at = page.find(".SH SCHEMES");
  REQUIRE(schemes_at != std::string::npos);
  auto schemes_end = page.find("\n.SH ", schemes_at + 1);
  std::string section = page.substr(schemes_at, schemes_end - schemes_at);
  std::set<std::string> paragraphs;
  std::regex para(R"(\.TP\n\.B (\w+)\n)");
  for (auto it = std::sregex_iterator(section.begin(), section.end(), para); it != std::sregex_iterator(); ++it)
    paragraphs.insert((*it)[1]);
  paragraphs.erase("units");  // split --units: not a --scheme value
  CHECK(paragraphs == want);
  std::smatch m;
  REQUIRE(std::regex_search(page, m, std::regex(R"(\.BI \\-\\-scheme " SCHEME"\n([^\n]*)\n)")));
  std::string opt = std::regex_replace(std::string(m[1]), std::regex(R"( \(default\)|,|\.| or )"), " ");
  CHECK(words(opt) == want);
  // Completions.
  CHECK(listed("completions/bash/payout", R"re(--scheme\) COMPREPLY=\(\$\(compgen -W "([^"]*)")re") == want);
  CHECK(listed("completions/zsh/_payout", R"re('--scheme\[[^\]]*\]:scheme:\(([^)]*)\))re") == want);
  CHECK(listed("completions/fish/payout.fish", R"re(-l scheme -x -a '([^']*)')re") == want);
}
