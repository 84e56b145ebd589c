// AtomicOutput: a regular file appears whole or not at all; a device or FIFO is written in
// place and stays what it is (`-o /dev/null` once replaced /dev/null itself when run as root).
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "core/error.hpp"
#include "core/io.hpp"
#include "test_files.hpp"

namespace fs = std::filesystem;

namespace {
fs::path scratch_dir() {
  auto d = fs::temp_directory_path() / ("hs_io_test_" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}
}  // namespace

TEST_CASE("atomic output: a regular file is renamed into place on commit, else left untouched", "[core][io]") {
  const auto dir = scratch_dir();
  const auto target = dir / "out.csv";
  {
    std::ofstream(target) << "old\n";
    hs::AtomicOutput out(target.string());
    out.write("new\n");
    CHECK(hs::test::read_file(target) == "old\n");  // not yet
    out.commit();
  }
  CHECK(hs::test::read_file(target) == "new\n");
  {
    hs::AtomicOutput out(target.string());
    out.write("half");
  }  // no commit: the old content stays, and no temporary file is left
  CHECK(hs::test::read_file(target) == "new\n");
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator{}) == 1);
  fs::remove_all(dir);
}

TEST_CASE("atomic output: a FIFO is written in place and stays a FIFO", "[core][io]") {
  const auto dir = scratch_dir();
  const auto fifo = dir / "pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::string got;
  int pipe_size = 0;
  std::thread reader([&] {
    const int fd = ::open(fifo.c_str(), O_RDONLY);
    char buf[4096];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) got.append(buf, static_cast<std::size_t>(n));
    pipe_size = ::fcntl(fd, F_GETPIPE_SZ);
    ::close(fd);
  });
  {
    hs::AtomicOutput out(fifo.string());
    out.write("a,b\n1,2\n");
    out.commit();
  }
  reader.join();
  CHECK(got == "a,b\n1,2\n");
  // The writer asked for a pipe of 1 MiB (the most a user may ask for by default; less where
  // /proc/sys/fs/pipe-max-size says less).
  long max_size = 0;
  std::ifstream("/proc/sys/fs/pipe-max-size") >> max_size;
  if (max_size >= (1 << 20)) CHECK(pipe_size >= (1 << 20));
  struct stat st;
  REQUIRE(::stat(fifo.c_str(), &st) == 0);
  CHECK(S_ISFIFO(st.st_mode));
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator{}) == 1);  // no temporary file
  fs::remove_all(dir);
}

TEST_CASE("atomic output: /dev/null stays the null device", "[core][io]") {
  struct stat st;
  REQUIRE(::stat("/dev/null", &st) == 0);
  REQUIRE(S_ISCHR(st.st_mode));
  {
    hs::AtomicOutput out("/dev/null");
    out.write("discarded\n");
    out.commit();
  }
  REQUIRE(::stat("/dev/null", &st) == 0);
  CHECK(S_ISCHR(st.st_mode));
  CHECK(st.st_size == 0);
}
