#include "market/api/zip_body.hpp"

#include <zip.h>

#include "core/error.hpp"

namespace hs::market::api {

namespace {

[[noreturn]] void damaged(const std::string& what, zip_error_t* ze) {
  std::string why = zip_error_strerror(ze);
  zip_error_fini(ze);
  throw Error(exit_code::data, what + ": reply is not a complete zip archive (truncated or damaged): " + why);
}

struct Archive {
  ::zip* z = nullptr;
  ~Archive() {
    if (z) zip_discard(z);
  }
};

}  // namespace

bool body_is_zip(std::string_view body) { return body.size() >= 4 && body.substr(0, 4) == std::string_view("PK\3\4", 4); }

std::vector<ZipMember> unzip_body(std::string_view body, const std::string& what) {
  if (!body_is_zip(body))
    throw Error(exit_code::data, what + ": reply is not a zip archive (expected \"PK\\3\\4\", got " +
                                     quote_for_message(body.substr(0, 16)) + ")");
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t* src = zip_source_buffer_create(body.data(), body.size(), 0, &ze);
  if (!src) damaged(what, &ze);
  Archive a;
  a.z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
  if (!a.z) {
    zip_source_free(src);
    damaged(what, &ze);
  }
  zip_error_fini(&ze);
  std::vector<ZipMember> out;
  const zip_int64_t n = zip_get_num_entries(a.z, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    const auto idx = static_cast<zip_uint64_t>(i);
    const char* name = zip_get_name(a.z, idx, 0);
    ZipMember m;
    m.name = name ? name : "";
    zip_file_t* f = zip_fopen_index(a.z, idx, 0);
    if (!f) throw Error(exit_code::data, what + ": cannot read zip member " + m.name + ": " + zip_strerror(a.z));
    char buf[65536];
    for (;;) {
      const zip_int64_t got = zip_fread(f, buf, sizeof buf);
      if (got < 0) {
        std::string why = zip_file_strerror(f);
        zip_fclose(f);
        throw Error(exit_code::data, what + ": zip member " + m.name + " is damaged: " + why);
      }
      if (got == 0) break;
      m.data.append(buf, static_cast<std::size_t>(got));
    }
    zip_fclose(f);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace hs::market::api
