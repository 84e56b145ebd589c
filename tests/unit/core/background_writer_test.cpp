// BackgroundWriter: buffers reach the output whole and in order while the caller fills the
// next one, and a write error comes back to the caller, at its next hand-over or at finish().
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <string>

#include "core/background_writer.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "test_files.hpp"

TEST_CASE("background writer: buffers arrive whole and in order", "[core][io]") {
  hs::test::TempFile target("");
  std::string want;
  {
    hs::AtomicOutput out(target.path());
    hs::BackgroundWriter writes(out);
    std::string buf(1 << 16, '\0');
    for (int k = 0; k < 200; ++k) {
      // Buffer k: its number, then a run of a letter of its own, of a length of its own.
      const std::string part = std::to_string(k) + ":" + std::string(100 + 311 * k % 40000, char('a' + k % 26)) + "\n";
      part.copy(buf.data(), part.size());
      want += part;
      writes.write(buf, part.size());  // buf comes back as the buffer written before
      CHECK(buf.size() >= part.size());
    }
    writes.finish();
    out.commit();
  }
  CHECK(hs::test::read_file(target.path()) == want);
}

TEST_CASE("background writer: a write error is thrown to the caller", "[core][io]") {
  struct stat st;
  if (::stat("/dev/full", &st) != 0 || !S_ISCHR(st.st_mode)) return;  // no /dev/full here
  hs::AtomicOutput out("/dev/full");  // every write fails: no space left on device
  hs::BackgroundWriter writes(out);
  std::string buf(1 << 20, 'x');
  int code = 0;
  try {
    writes.write(buf, buf.size());
    writes.write(buf, buf.size());  // waits for the first, which failed
    writes.finish();
  } catch (const hs::Error& e) {
    code = e.code();
    CHECK_THAT(std::string(e.what()), Catch::Contains("/dev/full"));
  }
  CHECK(code == 74);
}
