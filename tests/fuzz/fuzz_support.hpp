#pragma once
// What every fuzz target shares: the rule for what counts as a finding, and a scratch file for
// readers that take a path.
//
// A reader given hostile bytes may refuse them only with hs::Error carrying a user-facing
// code (65 bad data, 66, 69, 74): that is the message and exit code a user sees. Anything
// else is a bug the fuzzer must report: a crash or sanitizer finding, an exception of another
// type (the tools would print it as an internal error, exit 70), or hs::Error 70 itself.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace hs::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Runs body; a refusal with a user-facing hs::Error is fine, anything else aborts (a finding).
template <class F>
void refuse_only_with_data_errors(F&& body) {
  try {
    body();
  } catch (const hs::Error& e) {
    if (e.code() == hs::exit_code::software) {
      std::fprintf(stderr, "fuzz: internal error (exit 70) on input: %s\n", e.what());
      std::abort();
    }
  }
}

// One scratch file per process, rewritten for every input (the readers under test take a
// path). On /dev/shm where there is one, so the fuzzer does not wear a disk. `suffix` matters
// to readers that look at the name (".xlsx", ".csv").
class ScratchFile {
 public:
  explicit ScratchFile(std::string_view suffix = ".in") {
    const char* dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    path_ = std::string(dir) + "/hs-fuzz-" + std::to_string(getpid()) + std::string(suffix);
  }
  ~ScratchFile() { std::remove(path_.c_str()); }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;

  const std::string& write(std::string_view bytes) {
    std::FILE* f = std::fopen(path_.c_str(), "wb");
    if (!f) std::abort();
    if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size()) std::abort();
    std::fclose(f);
    return path_;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace hs::fuzz
