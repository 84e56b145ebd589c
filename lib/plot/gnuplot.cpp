// Runs gnuplot (Debian's gnuplot-nox: the svg and pngcairo terminals, no X) on a chart's script.
// The picture is written to a temporary file beside the output and renamed into place, so a
// reader never sees half of one; gnuplot's own words come back on failure.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/error.hpp"
#include "core/io.hpp"
#include "plot/chart.hpp"

namespace hs::plot {

namespace {

std::string temp_beside(const std::string& target) {
  std::string t = (target == "-" ? std::filesystem::temp_directory_path().string() + "/plot" : target) + ".XXXXXX";
  const int fd = ::mkstemp(t.data());
  if (fd < 0) throw Error(exit_code::cant_create, target + ": cannot create a temporary file beside it");
  ::close(fd);
  return t;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

void render(const std::string& script, const std::string& output, const ChartOptions& opt) {
  const std::string picture = temp_beside(output), script_file = temp_beside("-"), errors = temp_beside("-");
  struct Cleanup {
    std::vector<std::string> files;
    ~Cleanup() {
      for (const auto& f : files) std::remove(f.c_str());
    }
  } cleanup{{picture, script_file, errors}};
  const std::string size = std::to_string(opt.width) + "," + std::to_string(opt.height);
  const std::string terminal = opt.terminal == "png" ? "pngcairo size " + size + " font 'Sans,10' background '#ffffff'"
                                                     : "svg size " + size + " font 'Sans,11' background '#ffffff'";
  {
    std::ofstream out(script_file);
    out << "set terminal " << terminal << "\nset output '" << picture << "'\n" << script << "unset output\n";
    if (!out) throw Error(exit_code::io, script_file + ": cannot write the gnuplot script");
  }
  const pid_t pid = ::fork();
  if (pid < 0) throw Error(exit_code::software, "plot: cannot start gnuplot (fork failed)");
  if (pid == 0) {
    if (std::freopen(errors.c_str(), "w", stderr) == nullptr) ::_exit(126);
    ::execlp("gnuplot", "gnuplot", script_file.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  if (code == 127)
    throw Error(exit_code::unavailable, "plot: gnuplot is not installed (Debian: apt-get install gnuplot-nox)");
  std::string said = slurp(errors);
  if (code != 0 || said.find("error") != std::string::npos) {
    while (!said.empty() && (said.back() == '\n' || said.back() == ' ')) said.pop_back();
    throw Error(exit_code::software, "plot: gnuplot failed (exit " + std::to_string(code) + "): " + said);
  }
  if (output == "-") {
    std::cout << slurp(picture) << std::flush;
    return;
  }
  // mkstemp made it 0600; a picture is as readable as any output (0666 less the umask).
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::chmod(picture.c_str(), 0666 & ~mask);
  std::error_code ec;
  std::filesystem::rename(picture, output, ec);
  if (ec) throw Error(exit_code::cant_create, output + ": " + ec.message());
  cleanup.files = {script_file, errors};
}

}  // namespace hs::plot
