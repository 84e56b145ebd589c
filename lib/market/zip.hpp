#pragma once
// Zip archives through libzip: the _csv.zip downloads, CAISO OASIS zips and xlsx workbooks.
#include <string>
#include <vector>

struct zip;

namespace hs::market {

class ZipArchive {
 public:
  // A file that is not a zip, or a truncated or damaged one: Error(65) naming it.
  explicit ZipArchive(const std::string& path, const std::string& display);
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  std::vector<std::string> names() const;
  bool has(const std::string& name) const;
  std::string read(const std::string& name) const;  // whole entry; damaged data: Error(65)

 private:
  ::zip* z_ = nullptr;
  std::string display_;
};

// True when the file starts with the zip signature "PK\3\4".
bool looks_like_zip(const std::string& path);

}  // namespace hs::market
