#pragma once
// A zip archive held in memory (a reply body), read through libzip: the CAISO OASIS SingleZip
// replies and ERCOT archive downloads. lib/market/zip.hpp reads zips on disk.
#include <string>
#include <string_view>
#include <vector>

namespace hs::market::api {

struct ZipMember {
  std::string name;
  std::string data;
};

// True when body starts with the local-file signature "PK\3\4".
bool body_is_zip(std::string_view body);

// Every member, in archive order. Not a zip, or a truncated or damaged one: Error(65) naming what.
std::vector<ZipMember> unzip_body(std::string_view body, const std::string& what);

}  // namespace hs::market::api
