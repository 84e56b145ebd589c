#include "core/record_output.hpp"

#include <utility>

#include "core/io.hpp"
#include "core/record_spec.hpp"

namespace hs {

std::uint64_t write_records(const std::string& path, Format format, std::string_view record, const WriteRows& body,
                            std::vector<std::string> extra_names) {
  AtomicOutput out(path);
  RecordWriter w(out, record_spec(record), format, std::move(extra_names));
  body(w);
  w.finish();
  out.commit();
  return w.rows();
}

std::uint64_t write_records(const OutputOptions& out, std::string_view record, const WriteRows& body,
                            std::vector<std::string> extra_names) {
  return write_records(out.output, out.fmt(), record, body, std::move(extra_names));
}

}  // namespace hs
