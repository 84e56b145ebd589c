#pragma once
// Input and output files as every tool treats them: "-" is stdin/stdout; an output file is
// written to a temporary file beside it and renamed into place on commit(), so a reader or
// a cron job never sees half a file. A failed or abandoned output leaves the old file alone.
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

namespace hs {

// Reads a whole input in fixed-size chunks; "-" is stdin. Missing file: Error(66).
class InputFile {
 public:
  explicit InputFile(std::string path);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  // Reads up to n bytes; returns 0 at end of input. Read error: Error(74).
  std::size_t read(char* buf, std::size_t n);
  // The name used in messages: the path, or "<stdin>".
  const std::string& display_name() const { return display_; }
  const std::string& path() const { return path_; }
  // A regular file (stdin included when redirected from one): a read never waits on a writer.
  bool regular_file() const { return regular_; }

 private:
  std::string path_;
  std::string display_;
  std::FILE* fp_ = nullptr;
  bool owned_ = false;
  bool regular_ = false;
};

// Reads a whole (small) file into memory: site descriptions, scenarios, headers.
std::string read_whole_file(const std::string& path);

class AtomicOutput {
 public:
  // path "-" (or empty) writes to stdout directly; so does an existing path that is not a
  // regular file (/dev/null, a FIFO, a terminal): it is opened and written in place, never
  // replaced by a renamed file.
  explicit AtomicOutput(std::string path);
  ~AtomicOutput();  // without commit(): the temporary file is removed
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  std::FILE* file() { return fp_; }
  void write(std::string_view bytes);
  // Flushes, fsyncs and renames into place (stdout: flushes). Failure: Error(74).
  void commit();
  bool is_stdout() const { return fp_ == stdout; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string tmp_path_;
  std::FILE* fp_ = nullptr;
  bool direct_ = false;  // written in place (a device or FIFO): no temporary file, no rename
  bool committed_ = false;
};

// Writes whole content to path atomically (temporary file + rename).
void write_file_atomically(const std::string& path, std::string_view content);

}  // namespace hs
