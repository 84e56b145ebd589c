#include "fleet/gpu/dcgm.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "fleet/gpu/prometheus.hpp"

namespace hs::fleet::gpu {

namespace {

enum class Field { none, power, temp, energy, enforced, mgmt, mgmt_min, mgmt_max };

Field field_of(std::string_view name) {
  if (name == "DCGM_FI_DEV_POWER_USAGE") return Field::power;
  if (name == "DCGM_FI_DEV_GPU_TEMP") return Field::temp;
  if (name == "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION") return Field::energy;
  if (name == "DCGM_FI_DEV_ENFORCED_POWER_LIMIT") return Field::enforced;
  if (name == "DCGM_FI_DEV_POWER_MGMT_LIMIT") return Field::mgmt;
  if (name == "DCGM_FI_DEV_POWER_MGMT_LIMIT_MIN") return Field::mgmt_min;
  if (name == "DCGM_FI_DEV_POWER_MGMT_LIMIT_MAX") return Field::mgmt_max;
  return Field::none;
}

// The first finite value of a field is kept; later series of the same GPU repeat it.
void keep(std::optional<double>& figure, double value) {
  if (!figure && std::isfinite(value)) figure = value;
}

// Fills a text label the first time a sample gives it.
void keep(std::string& text, const std::string* label) {
  if (text.empty() && label) text = *label;
}

}  // namespace

DcgmMetricsReader::Slot* DcgmMetricsReader::slot(unsigned index) {
  for (auto& s : slots_)
    if (s.gpu.index == index) return &s;
  if (slots_.size() == kMaxGpus) return nullptr;
  auto& s = slots_.emplace_back();
  s.gpu.index = index;
  return &s;
}

void DcgmMetricsReader::line(std::string_view text) {
  ++lines_;
  if (!error_.empty()) return;
  auto& l = line_;
  std::string why;
  if (!prom::parse_line(text, l, why)) {
    error_ = "line " + std::to_string(lines_) + ": " + why;
    return;
  }
  if (l.kind != prom::LineKind::sample) return;
  const Field f = field_of(l.name);
  const std::string* gpu = l.label("gpu");
  if (f == Field::none || !gpu) return;
  unsigned index = 0;
  auto [end, ec] = std::from_chars(gpu->data(), gpu->data() + gpu->size(), index);
  if (gpu->empty() || ec != std::errc() || end != gpu->data() + gpu->size()) {
    error_ = "line " + std::to_string(lines_) + ": the gpu label of " + std::string(l.name) +
             " is not a GPU index: \"" + *gpu + "\"";
    return;
  }
  Slot* s = slot(index);
  if (!s) {
    error_ = "line " + std::to_string(lines_) + ": more than " + std::to_string(kMaxGpus) + " GPUs";
    return;
  }
  GpuReading& g = s->gpu;
  keep(g.uuid, l.label("UUID"));
  keep(g.name, l.label("modelName"));
  keep(g.host, l.label("Hostname"));
  switch (f) {
    case Field::power: keep(g.watts, l.value); break;
    case Field::temp: keep(g.temp_c, l.value); break;
    case Field::energy: keep(g.energy_j, l.value / 1e3); break;  // mJ
    case Field::enforced:
      // The cap in force wins over the management limit, which a lower one may override.
      if (!s->enforced && std::isfinite(l.value)) {
        g.limit_watts = l.value;
        s->enforced = true;
      }
      break;
    case Field::mgmt: keep(g.limit_watts, l.value); break;
    case Field::mgmt_min: keep(g.limit_min_watts, l.value); break;
    case Field::mgmt_max: keep(g.limit_max_watts, l.value); break;
    case Field::none: break;
  }
}

NodeReading DcgmMetricsReader::finish() {
  NodeReading node;
  if (!error_.empty()) {
    node.error = error_;
    return node;
  }
  if (slots_.empty()) {
    node.error = "no GPU in the metrics: no DCGM_FI_DEV_POWER_USAGE, DCGM_FI_DEV_GPU_TEMP or other field "
                 "read here has a gpu label (is this dcgm-exporter's /metrics?)";
    return node;
  }
  std::sort(slots_.begin(), slots_.end(), [](const Slot& a, const Slot& b) { return a.gpu.index < b.gpu.index; });
  node.gpus.reserve(slots_.size());
  for (auto& s : slots_) node.gpus.push_back(std::move(s.gpu));
  slots_.clear();
  return node;
}

NodeReading parse_dcgm_metrics(std::string_view text) {
  DcgmMetricsReader reader;
  while (!text.empty()) {
    auto end = text.find('\n');
    reader.line(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
  }
  return reader.finish();
}

}  // namespace hs::fleet::gpu
