#pragma once
// The one way a tool writes an output of records: open the path atomically, write the rows,
// finish the writer (header even when no row came, table aligned), then rename into place.
// Nothing reaches the path unless the body returns normally; an exception leaves the old file.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/cli.hpp"
#include "core/record.hpp"

namespace hs {

using WriteRows = std::function<void(RecordWriter&)>;

// Writes records named `record` (a record_spec name) to out.output in out.format; returns the
// rows written.
std::uint64_t write_records(const OutputOptions& out, std::string_view record, const WriteRows& body,
                            std::vector<std::string> extra_names = {});
// The same for a path and format chosen by the caller (a second output such as --by-class).
std::uint64_t write_records(const std::string& path, Format format, std::string_view record, const WriteRows& body,
                            std::vector<std::string> extra_names = {});

}  // namespace hs
