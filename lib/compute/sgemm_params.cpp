#include "compute/sgemm_params.hpp"

#include <sstream>

#include "core/error.hpp"
#include "core/parse.hpp"

namespace hs::sgemm {

std::string Params::build_options() const {
  std::ostringstream s;
  s << "-DMWG=" << mwg << " -DNWG=" << nwg << " -DKWG=" << kwg << " -DMWI=" << mwi << " -DNWI=" << nwi
    << " -DVW=" << vw;
  if (ta) s << " -DTA=" << ta;  // the kernel's defaults are 0
  if (str) s << " -DSTR=" << str;
  return s.str();
}

std::string Params::to_string() const {
  std::ostringstream s;
  s << "MWG=" << mwg << " NWG=" << nwg << " KWG=" << kwg << " MWI=" << mwi << " NWI=" << nwi << " VW=" << vw;
  if (ta) s << " TA=" << ta;
  if (str) s << " STR=" << str;
  return s.str();
}

std::string invalid_reason(const Params& p) {
  if (p.mwg <= 0 || p.nwg <= 0 || p.kwg <= 0 || p.mwi <= 0 || p.nwi <= 0 || p.vw <= 0)
    return "every parameter must be positive";
  if (p.vw != 1 && p.vw != 2 && p.vw != 4 && p.vw != 8 && p.vw != 16) return "VW must be 1, 2, 4, 8 or 16";
  if (p.mwg % p.mwi != 0) return "MWG must be a multiple of MWI";
  if (p.nwg % p.nwi != 0) return "NWG must be a multiple of NWI";
  if (p.nwi % p.vw != 0) return "NWI must be a multiple of VW";
  if (p.kwg % p.vw != 0) return "KWG must be a multiple of VW";
  if ((p.ta != 0 && p.ta != 1) || (p.str != 0 && p.str != 1)) return "TA and STR must be 0 or 1";
  return {};
}

Params parse_params(std::string_view text, std::string_view what) {
  Params p;
  std::istringstream in{std::string(text)};
  std::string item;
  int seen = 0;
  while (in >> item) {
    const auto eq = item.find('=');
    if (eq == std::string::npos) throw_expected({}, what, "NAME=VALUE sgemm parameters", text);
    const std::string name = item.substr(0, eq);
    int* slot = name == "MWG"   ? &p.mwg
                : name == "NWG" ? &p.nwg
                : name == "KWG" ? &p.kwg
                : name == "MWI" ? &p.mwi
                : name == "NWI" ? &p.nwi
                : name == "VW"  ? &p.vw
                : name == "TA"  ? &p.ta
                : name == "STR" ? &p.str
                                : nullptr;
    if (!slot) throw_expected({}, what, "one of MWG NWG KWG MWI NWI VW TA STR", name);
    try {
      std::size_t used = 0;
      *slot = std::stoi(item.substr(eq + 1), &used);
      if (used != item.size() - eq - 1) throw std::invalid_argument("trailing");
    } catch (const std::exception&) {
      throw_expected({}, what, "an integer for " + name, item.substr(eq + 1));
    }
    ++seen;
  }
  if (seen == 0) throw_expected({}, what, "sgemm parameters", text);
  if (auto why = invalid_reason(p); !why.empty()) throw_data_error({}, what, why + " (" + p.to_string() + ")");
  return p;
}

Params default_params(std::string_view device_type) {
  if (device_type == "gpu") return Params{64, 64, 16, 4, 4, 4};
  // CPU (PoCL on AVX-512): a float16 vector is one zmm register; 8 x 2 accumulators plus the
  // B vectors fit the 32 registers, and a 128-deep K step amortises the barriers.
  return Params{64, 64, 64, 8, 32, 16};
}

std::vector<Params> tuning_candidates(std::string_view device_type) {
  if (device_type == "gpu") {
    // The original shapes, then CLBlast's space for NVIDIA: 128 x 128 tiles with 8 x 8 register
    // blocks (64 FMAs per local load pair), the A tile transposed and the strided mapping. Not
    // measured on a GPU yet (bench/gpu_check.sh does it); each must pass the reference check.
    return {{64, 64, 16, 4, 4, 4},          {64, 64, 16, 4, 4, 1},          {128, 128, 16, 8, 8, 4},
            {64, 128, 16, 8, 8, 4},         {128, 64, 16, 8, 4, 4},         {32, 32, 16, 2, 2, 2},
            {128, 128, 32, 8, 8, 4},        {64, 64, 32, 4, 4, 4},          {64, 64, 16, 4, 4, 4, 1, 1},
            {128, 128, 16, 8, 8, 4, 1, 1},  {128, 128, 32, 8, 8, 4, 1, 1},  {128, 128, 16, 8, 8, 4, 1, 0},
            {128, 128, 16, 8, 8, 4, 0, 1},  {128, 64, 16, 8, 4, 4, 1, 1},   {64, 128, 16, 4, 8, 4, 1, 1},
            {128, 128, 8, 8, 8, 4, 1, 1},   {128, 128, 16, 8, 8, 2, 1, 1},  {64, 64, 32, 8, 8, 4, 1, 1}};
  }
  return {{64, 64, 128, 8, 32, 16}, {64, 64, 64, 8, 32, 16},  {64, 64, 256, 8, 32, 16}, {96, 64, 128, 12, 32, 16},
          {64, 96, 128, 8, 48, 16}, {128, 64, 128, 8, 32, 16}, {32, 64, 128, 8, 32, 16}, {64, 128, 64, 8, 32, 16},
          {64, 64, 128, 4, 32, 16}, {64, 64, 128, 8, 16, 16},  {64, 64, 128, 8, 32, 8}};
}

}  // namespace hs::sgemm
