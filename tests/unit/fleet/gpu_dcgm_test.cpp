// The reader of dcgm-exporter's /metrics and the Prometheus text-format lines under it.
// tests/data/fleet/gpu/dcgm_h100x2.prom is written by make_dcgm_fixture.py beside it from
// dcgm-exporter's documented default counters (etc/default-counters.csv) with made-up values
// for two H100s, since no recording of a real exporter exists here; dcgm_h100x2.json is every
// sample that script wrote, which the line parser must read back (and which
// tests/e2e/lib/prom_parse.py holds prometheus_client's parse equal to).
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "fleet/gpu/dcgm.hpp"
#include "fleet/gpu/prometheus.hpp"

using namespace hs::fleet;
using gpu::parse_dcgm_metrics;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(HS_TEST_DATA) + "/fleet/gpu/" + name, std::ios::binary);
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

prom::Line line(std::string_view text) {
  prom::Line l;
  std::string why;
  INFO(text);
  REQUIRE(prom::parse_line(text, l, why));
  return l;
}

std::string why_not(std::string_view text) {
  prom::Line l;
  std::string why;
  CHECK_FALSE(prom::parse_line(text, l, why));
  return why;
}

// A dcgm-exporter sample of GPU `gpu` with the labels it always carries.
std::string sample(const std::string& field, int gpu, const std::string& value) {
  return field + "{gpu=\"" + std::to_string(gpu) + "\",UUID=\"GPU-" + std::to_string(gpu) +
         "\",device=\"nvidia" + std::to_string(gpu) + "\",modelName=\"NVIDIA H200\",Hostname=\"n1\"} " + value + "\n";
}

}  // namespace

TEST_CASE("dcgm: two H100s from the default counters, one with a timestamp, one limit NaN", "[dcgm]") {
  const auto node = parse_dcgm_metrics(fixture("dcgm_h100x2.prom"));
  REQUIRE(node.ok());
  REQUIRE(node.gpus.size() == 2);
  const auto& a = node.gpus[0];
  CHECK(a.index == 0);
  CHECK(a.uuid == "GPU-5d2c1a8e-93f4-4b0e-8c1d-2a7f0e6b9c31");
  CHECK(a.name == "NVIDIA H100 80GB HBM3");
  CHECK(a.host == "gpu-node-07");
  CHECK(a.watts == 312.5);
  CHECK(a.temp_c == 61.0);
  CHECK(a.energy_j == 123456789.012);  // DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION 123456789012 mJ
  CHECK(a.limit_watts == 700.0);
  CHECK_FALSE(a.limit_min_watts);  // not among the counters
  const auto& b = node.gpus[1];
  CHECK(b.index == 1);
  CHECK(b.uuid == "GPU-e81b44f0-0c6a-4d29-b5a3-7f1d9e2c4a08");
  CHECK(b.watts == 298.04);  // the sample with a timestamp
  CHECK(b.temp_c == 58.0);
  CHECK(b.energy_j == 118000000.5);
  CHECK_FALSE(b.limit_watts);  // NaN
  CHECK(node.watts() == Approx(610.54));
  CHECK(node.watts_complete());
  CHECK_FALSE(node.limit_watts());
  CHECK(node.hottest_c() == 61.0);
}

TEST_CASE("dcgm: every sample of the fixture reads back as its writer wrote it", "[dcgm]") {
  const auto expected = nlohmann::json::parse(fixture("dcgm_h100x2.json"));
  std::istringstream in(fixture("dcgm_h100x2.prom"));
  std::string text;
  std::size_t n = 0, lineno = 0;
  while (std::getline(in, text)) {
    ++lineno;
    INFO("line " << lineno << ": " << text);
    const auto l = line(text);
    if (l.kind != prom::LineKind::sample) continue;
    REQUIRE(n < expected.size());
    const auto& e = expected[n++];
    CHECK(l.name == e["name"].get<std::string>());
    nlohmann::json labels = nlohmann::json::object();
    for (const auto& [k, v] : l.labels) labels[k] = v;
    CHECK(labels == e["labels"]);
    if (e["value"].is_string()) {
      CHECK(e["value"] == "NaN");
      CHECK(std::isnan(l.value));
    } else {
      CHECK(l.value == e["value"].get<double>());
    }
    if (e["timestamp_ms"].is_null())
      CHECK_FALSE(l.timestamp_ms);
    else
      CHECK(l.timestamp_ms == e["timestamp_ms"].get<std::int64_t>());
  }
  CHECK(n == expected.size());
  CHECK(n == 44);  // 22 fields for 2 GPUs
}

TEST_CASE("prometheus: label values unescape \\\\, \\\" and \\n; blanks and a trailing comma pass", "[dcgm]") {
  const auto l = line(R"(  m_x:y { a = "back\\slash" ,b="q\"uote",c="two\nlines",d="",} -0.5	-1700000000000 )");
  CHECK(l.kind == prom::LineKind::sample);
  CHECK(l.name == "m_x:y");
  REQUIRE(l.labels.size() == 4);
  CHECK(*l.label("a") == "back\\slash");
  CHECK(*l.label("b") == "q\"uote");
  CHECK(*l.label("c") == "two\nlines");
  CHECK(l.label("d")->empty());
  CHECK(l.label("e") == nullptr);
  CHECK(l.value == -0.5);
  CHECK(l.timestamp_ms == -1700000000000);
}

TEST_CASE("prometheus: values as Go's ParseFloat reads them, NaN and infinities included", "[dcgm]") {
  CHECK(std::isnan(line("m NaN").value));
  CHECK(line("m +Inf").value == INFINITY);
  CHECK(line("m -Inf").value == -INFINITY);
  CHECK(line("m 1.5e3").value == 1500.0);
  CHECK(line("m +7").value == 7.0);
  CHECK(line("m{} 3").labels.empty());
  CHECK(line("m 3 1767225600123").timestamp_ms == 1767225600123);
  CHECK(line("m 3\r").value == 3.0);  // a CRLF response
}

TEST_CASE("prometheus: HELP, TYPE, other comments and blank lines", "[dcgm]") {
  auto help = line("# HELP DCGM_FI_DEV_GPU_TEMP GPU temperature (in C).");
  CHECK(help.kind == prom::LineKind::help);
  CHECK(help.name == "DCGM_FI_DEV_GPU_TEMP");
  auto type = line("# TYPE DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION counter");
  CHECK(type.kind == prom::LineKind::type);
  CHECK(type.type == "counter");
  CHECK(line("# a comment with \"anything\" {").kind == prom::LineKind::comment);
  CHECK(line("#").kind == prom::LineKind::comment);
  CHECK(line("   ").kind == prom::LineKind::blank);
}

TEST_CASE("prometheus: malformed lines say what is wrong", "[dcgm]") {
  CHECK(why_not(R"(m{a="open} 1)") == "the value of label a is not closed by '\"'");
  CHECK(why_not(R"(m{a="x\ty"} 1)") == "the value of label a has the escape \\t (only \\\\, \\\" and \\n are defined)");
  CHECK(why_not(R"(m{a="1",a="2"} 1)") == "label a given twice");
  CHECK(why_not(R"(m{a=1} 1)") == "expected '\"' to open the value of label a");
  CHECK(why_not(R"(m{a="1" b="2"} 1)") == "expected ',' or '}' after the value of label a");
  CHECK(why_not(R"(m{1a="1"} 1)") == "expected a label name or '}'");
  CHECK(why_not("m") == "expected a space and a value after m");
  CHECK(why_not(R"(m{a="1"})") == "expected a value after the labels of m");
  CHECK(why_not("m watts") == "the value of m is not a number: \"watts\"");
  CHECK(why_not("m 1 2.5") == "the timestamp of m is not an integer: \"2.5\"");
  CHECK(why_not("m 1 2 3") == "text after the timestamp of m");
  CHECK(why_not("9m 1") == "expected a metric name");
  CHECK(why_not("# TYPE m meter") == "unknown metric type \"meter\"");
  CHECK(why_not("# TYPE") == "expected a metric name after # TYPE");
}

TEST_CASE("dcgm: a malformed line refuses the whole response, by its line number", "[dcgm]") {
  const std::string text = sample("DCGM_FI_DEV_POWER_USAGE", 0, "500") + "# TYPE DCGM_FI_DEV_GPU_TEMP gauge\n" +
                           "DCGM_FI_DEV_GPU_TEMP{gpu=\"1\",UUID=\"GPU-1} 50\n" + sample("DCGM_FI_DEV_POWER_USAGE", 1, "x");
  const auto node = parse_dcgm_metrics(text);
  CHECK(node.error == "line 3: the value of label UUID is not closed by '\"'");
  CHECK(node.gpus.empty());
  CHECK(parse_dcgm_metrics(sample("DCGM_FI_DEV_GPU_TEMP", 0, "50") + "DCGM_FI_DEV_GPU_TEMP{gpu=\"two\"} 1\n").error ==
        "line 2: the gpu label of DCGM_FI_DEV_GPU_TEMP is not a GPU index: \"two\"");
}

TEST_CASE("dcgm: metrics with no GPU field are not dcgm-exporter's", "[dcgm]") {
  const auto node = parse_dcgm_metrics("# TYPE node_load1 gauge\nnode_load1 0.42\nDCGM_FI_DEV_POWER_USAGE 10\n");
  CHECK(node.error.rfind("no GPU in the metrics", 0) == 0);
  CHECK(parse_dcgm_metrics("").error.rfind("no GPU in the metrics", 0) == 0);
}

TEST_CASE("dcgm: the enforced limit wins over the management limit; repeated series keep the first", "[dcgm]") {
  const std::string text = sample("DCGM_FI_DEV_POWER_MGMT_LIMIT", 3, "700") +
                           sample("DCGM_FI_DEV_ENFORCED_POWER_LIMIT", 3, "450") +
                           sample("DCGM_FI_DEV_POWER_MGMT_LIMIT_MIN", 3, "200") +
                           sample("DCGM_FI_DEV_POWER_MGMT_LIMIT_MAX", 3, "700") +
                           sample("DCGM_FI_DEV_POWER_USAGE", 3, "NaN") +        // a blank field first,
                           sample("DCGM_FI_DEV_POWER_USAGE", 3, "401.25") +     // then the figure
                           sample("DCGM_FI_DEV_POWER_USAGE", 3, "999") +        // a pod's repeat
                           sample("DCGM_FI_DEV_ENFORCED_POWER_LIMIT", 1, "600") +
                           sample("DCGM_FI_DEV_POWER_MGMT_LIMIT", 1, "700") +
                           sample("DCGM_FI_DEV_GPU_TEMP", 1, "+Inf");
  const auto node = parse_dcgm_metrics(text);
  REQUIRE(node.ok());
  REQUIRE(node.gpus.size() == 2);
  CHECK(node.gpus[0].index == 1);  // in index order, not the order read
  CHECK(node.gpus[0].limit_watts == 600.0);
  CHECK_FALSE(node.gpus[0].temp_c);
  CHECK_FALSE(node.gpus[0].watts);
  CHECK(node.gpus[1].index == 3);
  CHECK(node.gpus[1].name == "NVIDIA H200");
  CHECK(node.gpus[1].limit_watts == 450.0);
  CHECK(node.gpus[1].limit_min_watts == 200.0);
  CHECK(node.gpus[1].limit_max_watts == 700.0);
  CHECK(node.gpus[1].watts == 401.25);
  CHECK(node.limit_watts() == 1050.0);
  CHECK_FALSE(node.watts_complete());
}

TEST_CASE("dcgm: lines fed one at a time read as the whole text", "[dcgm]") {
  const std::string text = fixture("dcgm_h100x2.prom");
  gpu::DcgmMetricsReader reader;
  std::istringstream in(text);
  std::string l;
  while (std::getline(in, l)) reader.line(l);
  const auto a = reader.finish();
  const auto b = parse_dcgm_metrics(text);
  REQUIRE(a.gpus.size() == b.gpus.size());
  for (std::size_t i = 0; i < a.gpus.size(); ++i) {
    CHECK(a.gpus[i].uuid == b.gpus[i].uuid);
    CHECK(a.gpus[i].watts == b.gpus[i].watts);
    CHECK(a.gpus[i].energy_j == b.gpus[i].energy_j);
  }
}

TEST_CASE("dcgm: a bad endpoint naming endless GPUs is stopped", "[dcgm]") {
  std::string text;
  for (int i = 0; i <= static_cast<int>(gpu::DcgmMetricsReader::kMaxGpus); ++i)
    text += "DCGM_FI_DEV_GPU_TEMP{gpu=\"" + std::to_string(i) + "\"} 40\n";
  CHECK(parse_dcgm_metrics(text).error == "line 1025: more than 1024 GPUs");
}
