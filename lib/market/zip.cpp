#include "market/zip.hpp"

#include <zip.h>

#include <algorithm>
#include <cstdio>

#include "core/error.hpp"

namespace hs::market {

ZipArchive::ZipArchive(const std::string& path, const std::string& display) : display_(display) {
  int err = 0;
  z_ = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &err);
  if (!z_) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, err);
    std::string why = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    if (err == ZIP_ER_OPEN || err == ZIP_ER_READ)
      throw Error(exit_code::no_input, display + ": cannot open zip: " + why);
    throw Error(exit_code::data, display + ": not a complete zip archive (truncated or damaged): " + why);
  }
}

ZipArchive::~ZipArchive() {
  if (z_) zip_discard(z_);
}

std::vector<std::string> ZipArchive::names() const {
  std::vector<std::string> out;
  zip_int64_t n = zip_get_num_entries(z_, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* name = zip_get_name(z_, static_cast<zip_uint64_t>(i), 0);
    if (name) out.emplace_back(name);
  }
  return out;
}

bool ZipArchive::has(const std::string& name) const { return zip_name_locate(z_, name.c_str(), ZIP_FL_NOCASE) >= 0; }

std::string ZipArchive::read(const std::string& name) const {
  zip_int64_t idx = zip_name_locate(z_, name.c_str(), ZIP_FL_NOCASE);
  if (idx < 0) throw Error(exit_code::data, display_ + ": zip has no entry " + name);
  zip_stat_t st;
  zip_stat_init(&st);
  zip_stat_index(z_, static_cast<zip_uint64_t>(idx), 0, &st);
  zip_file_t* f = zip_fopen_index(z_, static_cast<zip_uint64_t>(idx), 0);
  if (!f) throw Error(exit_code::data, display_ + ": cannot read zip entry " + name + ": " + zip_strerror(z_));
  std::string out;
  // The size is what the archive claims: reserve no more than a sane entry, so a damaged
  // header cannot ask for gigabytes before a byte is read.
  constexpr zip_uint64_t max_reserve = 64u << 20;
  if (st.valid & ZIP_STAT_SIZE) out.reserve(static_cast<std::size_t>(std::min(st.size, max_reserve)));
  char buf[65536];
  for (;;) {
    zip_int64_t got = zip_fread(f, buf, sizeof buf);
    if (got < 0) {
      std::string why = zip_file_strerror(f);
      zip_fclose(f);
      throw Error(exit_code::data, display_ + ": zip entry " + name + " is damaged: " + why);
    }
    if (got == 0) break;
    out.append(buf, static_cast<std::size_t>(got));
  }
  zip_fclose(f);
  return out;
}

bool looks_like_zip(const std::string& path) {
  std::FILE* fp = std::fopen(path.c_str(), "rb");
  if (!fp) return false;
  char sig[4] = {};
  std::size_t n = std::fread(sig, 1, 4, fp);
  std::fclose(fp);
  return n == 4 && sig[0] == 'P' && sig[1] == 'K' && sig[2] == 3 && sig[3] == 4;
}

}  // namespace hs::market
