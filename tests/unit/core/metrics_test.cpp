// The textfile the cron commands write with --metrics: the exposition format 0.0.4 as
// node_exporter's textfile collector and promtool read it (HELP and TYPE once per family,
// label values escaped, NaN spelled as the format wants), worked by hand.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/cli.hpp"
#include "core/metrics.hpp"

TEST_CASE("metrics: one family per name, samples replaced or added by labels, values escaped") {
  namespace m = hs::metrics;
  hs::set_tool_name("fleet");
  m::enable("", "apply");  // nothing written: the text only
  m::gauge("fleet_measured_mw", "Facility MW measured.", 1.5, {{"class", "s21"}});
  m::gauge("fleet_measured_mw", "ignored: the first help stands", 2.25, {{"class", "s21"}});  // replaces
  m::gauge("fleet_measured_mw", "", 0.5, {{"class", "a \"b\"\\c\nd"}});
  m::add("http_requests", "Requests.", 1, {{"host", "127.0.0.1:80"}});
  m::add("http_requests", "Requests.", 2, {{"host", "127.0.0.1:80"}});
  m::gauge("decision_price_age_seconds", "Age; NaN: none.", std::nan(""));
  const std::string text = m::exposition(3);
  CHECK(text.find("# HELP hybridsite_run_exit_code Exit status of the last run") == 0);
  CHECK(text.find("hybridsite_run_exit_code{tool=\"fleet\",command=\"apply\"} 3\n") != std::string::npos);
  CHECK(text.find("# HELP hybridsite_fleet_measured_mw Facility MW measured.\n"
                  "# TYPE hybridsite_fleet_measured_mw gauge\n"
                  "hybridsite_fleet_measured_mw{tool=\"fleet\",command=\"apply\",class=\"s21\"} 2.25\n"
                  "hybridsite_fleet_measured_mw{tool=\"fleet\",command=\"apply\",class=\"a \\\"b\\\"\\\\c\\nd\"} 0.5\n") !=
        std::string::npos);
  CHECK(text.find("hybridsite_http_requests{tool=\"fleet\",command=\"apply\",host=\"127.0.0.1:80\"} 3\n") !=
        std::string::npos);
  CHECK(text.find("hybridsite_decision_price_age_seconds{tool=\"fleet\",command=\"apply\"} NaN\n") != std::string::npos);
  // One HELP line per family, whatever the samples.
  std::size_t helps = 0;
  for (std::size_t p = 0; (p = text.find("# HELP hybridsite_fleet_measured_mw", p)) != std::string::npos; ++p) ++helps;
  CHECK(helps == 1);
  CHECK_FALSE(m::enabled());
}
