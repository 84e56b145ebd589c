#pragma once
// Scratch files for reader tests: each test writes its input bytes to a fresh temporary file.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace hs::test {

class TempFile {
 public:
  explicit TempFile(std::string_view content, std::string_view suffix = ".csv") {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("hs_core_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + std::string(suffix));
    std::ofstream(path_, std::ios::binary) << content;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

// A file's whole content (empty if it cannot be read).
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace hs::test
