#pragma once
// One OpenCL program cache per test binary, in a fresh temporary folder (so the cache hits a
// test sees are its own run's), removed when the binary exits.
#include <stdlib.h>

#include <filesystem>
#include <string>

namespace hs::test {

inline void use_temp_cl_cache() {
  struct Folder {
    std::string path;
    Folder() {
      char tmpl[] = "/tmp/hs-cl-cache-XXXXXX";
      if (char* d = ::mkdtemp(tmpl)) {
        path = d;
        ::setenv("HS_CL_CACHE_DIR", d, 1);
      }
    }
    ~Folder() {
      std::error_code ec;
      if (!path.empty()) std::filesystem::remove_all(path, ec);
    }
  };
  static Folder folder;
}

}  // namespace hs::test
