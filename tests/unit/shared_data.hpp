// Paths of the real recordings the unit tests read in place: ../shared/data beside the checkout
// (HS_SHARED_DATA, resolved once in tests/CMakeLists.txt; HYBRIDSITE_SHARED_DATA overrides it),
// and the parts of them cut at test time by tests/cut_recordings.sh (HS_CUT_DATA). A missing
// file throws, so its test fails with the path and the override; it never skips.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

namespace hs::test {

inline std::string existing(const std::string& path, const char* what) {
  if (!std::filesystem::is_regular_file(path))
    throw std::runtime_error(std::string(what) + " missing: " + path +
                             " (the recordings live in shared/data beside the checkout; set HYBRIDSITE_SHARED_DATA "
                             "to that folder and configure again)");
  return path;
}

// shared_data("prices/ercot/np6-905-cd_rtm_spp_2025-04-10_he19_i2.csv")
inline std::string shared_data(const std::string& relative) {
  return existing(std::string(HS_SHARED_DATA) + "/" + relative, "recording");
}

// cut_data("ercot_dam_hb_houston_2025-04-11.csv"): written by the fixture "recordings: cut"
inline std::string cut_data(const std::string& name) {
  return existing(std::string(HS_CUT_DATA) + "/" + name, "cut recording");
}

}  // namespace hs::test
