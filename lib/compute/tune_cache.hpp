#pragma once
// Best sha256d kernel parameters per device, found by hashbench tune and read by later runs.
// The file is CSV: device_key,vector_width,nonces_per_item,local_size,hashes_per_second
// (one line per device; the key is platform|device|driver, so a driver update re-tunes).
#include <optional>
#include <string>

#include "compute/sha256d_tuning.hpp"

namespace hs {

// --cache-file when given, else $XDG_CACHE_HOME/hybridsite/hashbench-tune.csv, else
// ~/.cache/hybridsite/hashbench-tune.csv; "" when no home is known.
std::string tune_cache_path(const std::string& override_path);

struct TuneEntry {
  Sha256dTuning tuning;
  double hashes_per_second = 0;
};

// Entry for key; a missing or unreadable file is "none", and so is a line whose tuning the
// kernel cannot be built with or whose rate is not a positive number (a cache never fails a
// run: a damaged line means "not tuned").
std::optional<TuneEntry> read_tune_cache(const std::string& path, const std::string& key);
// Replaces key's line (atomically: temporary file + rename). Failure: Error(73).
void write_tune_cache(const std::string& path, const std::string& key, const TuneEntry& e);

}  // namespace hs
