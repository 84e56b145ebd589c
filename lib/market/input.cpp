#include "market/input.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "core/io.hpp"
#include "market/ercot.hpp"
#include "market/fetch.hpp"
#include "market/formats.hpp"
#include "market/zip.hpp"

namespace hs::market {

bool is_url(const std::string& s) { return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0; }

namespace {

// A temporary file removed when it goes out of scope (zip entries, fetched bodies).
struct TempFile {
  std::string path;
  explicit TempFile(std::string_view content) {
    auto dir = std::filesystem::temp_directory_path();
    std::string tmpl = (dir / "powerfeed.XXXXXX").string();
    int fd = mkstemp(tmpl.data());
    if (fd < 0) throw Error(exit_code::cant_create, "cannot create a temporary file in " + dir.string());
    path = tmpl;
    std::size_t off = 0;
    while (off < content.size()) {
      auto n = ::write(fd, content.data() + off, content.size() - off);
      if (n <= 0) {
        ::close(fd);
        throw Error(exit_code::io, "cannot write temporary file " + path);
      }
      off += static_cast<std::size_t>(n);
    }
    ::close(fd);
  }
  ~TempFile() { std::remove(path.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
};

std::string seen_headers(const std::vector<std::string>& header) {
  std::string s;
  for (std::size_t i = 0; i < header.size() && i < 12; ++i) s += (i ? ", " : "") + std::string("\"") + header[i] + "\"";
  if (header.size() > 12) s += ", ...";
  return s;
}

void read_table(const std::string& path, const std::string& name, ParseContext& ctx) {
  // Plain ERCOT RT files (the big ones) take the fast path; anything else the general reader.
  if (path != "-" && (ctx.opts.source.empty() || ctx.opts.source == "ercot-rt") &&
      ercot::parse_ercot_rt_fast(path, name, ctx))
    return;
  CsvRows rows(std::make_unique<InputFile>(path), {}, name);
  std::vector<std::string> header;
  if (!rows.next(header) || (header.size() == 1 && header[0].empty()))
    throw Error(exit_code::data, name + ": empty input (no header row)");
  std::optional<SourceFormat> fmt;
  if (!ctx.opts.source.empty()) fmt = parse_source_name(ctx.opts.source);
  else fmt = detect_format(header);
  if (!fmt)
    throw Error(exit_code::data, name + ":1: unknown format; headers seen: " + seen_headers(header) +
                                     " (use --source, e.g. --source generic with --time-column and --price-column)");
  switch (*fmt) {
    case SourceFormat::ercot_rt: return parse_ercot_rt(rows, header, ctx);
    case SourceFormat::ercot_dam: return parse_ercot_dam(rows, header, ctx);
    case SourceFormat::caiso:
      ctx.hold_all = true;  // OASIS rows are not sorted by time
      return parse_caiso(rows, header, ctx);
    case SourceFormat::pjm: return parse_pjm(rows, header, ctx);
    case SourceFormat::isone: return parse_isone(rows, header, ctx);
    case SourceFormat::entsoe: return parse_entsoe(rows, header, ctx);
    case SourceFormat::generic: return parse_generic(rows, header, ctx);
    case SourceFormat::records: return parse_price_records(rows, header, ctx);
    case SourceFormat::ercot_xlsx:
      throw Error(exit_code::data, name + ": --source ercot-xlsx needs an .xlsx workbook");
  }
}

void read_local(const std::string& path, const std::string& name, ParseContext& ctx) {
  if (path != "-" && looks_like_zip(path)) {
    ZipArchive zip(path, name);
    if (zip.has("xl/workbook.xml")) return parse_ercot_xlsx(path, ctx);
    // A zipped download: every CSV member, in archive order.
    int tables = 0;
    for (const auto& entry : zip.names()) {
      auto lower = entry;
      for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower.size() < 4 || lower.compare(lower.size() - 4, 4, ".csv") != 0) continue;
      TempFile tmp(zip.read(entry));
      read_table(tmp.path, name + "[" + entry + "]", ctx);
      ++tables;
    }
    if (tables == 0) {
      // CAISO OASIS answers a bad request with a zip holding an XML error report.
      for (const auto& entry : zip.names()) {
        if (entry.size() > 4 && entry.compare(entry.size() - 4, 4, ".xml") == 0) {
          auto text = zip.read(entry).substr(0, 300);
          for (auto& ch : text)
            if (ch == '\n' || ch == '\r') ch = ' ';
          throw Error(exit_code::unavailable, name + ": the zip holds an XML report (" + entry +
                                                  "), not price data: " + text);
        }
      }
      throw Error(exit_code::data, name + ": zip holds no .csv file");
    }
    return;
  }
  if (path != "-" && std::filesystem::is_regular_file(path) && std::filesystem::file_size(path) == 0)
    throw Error(exit_code::data, name + ": empty input");
  read_table(path, name, ctx);
}

}  // namespace

std::uint64_t read_input(const std::string& input, ParseContext& ctx) {
  ctx.display = input == "-" ? "<stdin>" : input;
  if (is_url(input)) {
    FetchOptions fo;
    fo.timeout_s = ctx.opts.timeout_s;
    fo.retries = ctx.opts.retries;
    fo.cache_dir = ctx.opts.cache_dir;
    std::string body = fetch_url(input, fo);
    TempFile tmp(body);
    read_local(tmp.path, input, ctx);
  } else {
    read_local(input, ctx.display, ctx);
  }
  return ctx.bad_rows;
}

}  // namespace hs::market
