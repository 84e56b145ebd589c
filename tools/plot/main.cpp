// plot: thin driver over lib/plot: a record stream in, the chart that fits it out (SVG or PNG,
// drawn by gnuplot), or with --script the gnuplot script itself.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include "core/cli.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "plot/chart.hpp"

namespace {

// Standard input is copied to a temporary file: the columns are read first, then the records.
struct Input {
  std::string path, temp;
  explicit Input(const std::string& given) : path(given) {
    if (given != "-") return;
    temp = (std::filesystem::temp_directory_path() / "plot-stdin.XXXXXX").string();
    const int fd = ::mkstemp(temp.data());
    if (fd < 0) throw hs::Error(hs::exit_code::cant_create, "plot: cannot buffer standard input");
    ::close(fd);
    std::ofstream out(temp, std::ios::binary);
    out << std::cin.rdbuf();
    path = temp;
  }
  ~Input() {
    if (!temp.empty()) std::remove(temp.c_str());
  }
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app;
  hs::setup_app(app, "plot", "Draw the chart that fits a record stream (price, dispatch, split, cash_flow, ...) with gnuplot");
  std::string input = "-", output, size = "960x540", format;
  bool script_only = false;
  hs::plot::ChartOptions opt;
  app.add_option("input", input, "Records (CSV or JSON Lines); - is stdin")->type_name("FILE");
  app.add_option("-o,--output", output, "The picture: FILE.svg or FILE.png (atomically); - is stdout")->type_name("FILE");
  app.add_option("--format", format, "svg or png (default: from the output's extension, else svg)")
      ->check(CLI::IsMember({"svg", "png"}));
  app.add_option("--record", opt.record, "The record type, when the columns do not tell it")->type_name("NAME");
  app.add_option("--kind", opt.kind, "price: series (default), duration (a price-duration curve) or heatmap (hour of day by day)")
      ->check(CLI::IsMember({"series", "duration", "heatmap"}));
  app.add_option("--title", opt.title, "The chart's title (default: one fitting the record)");
  app.add_option("--tz", opt.tz, "Time axis in this IANA zone's wall clock (default UTC)")->type_name("ZONE");
  app.add_option("--size", size, "Canvas WIDTHxHEIGHT in pixels")->type_name("WxH");
  app.add_flag("--script", script_only, "Write the gnuplot script instead of drawing it");
  return hs::run_tool(app, argc, argv, [&] {
    int w = 0, h = 0;
    if (std::sscanf(size.c_str(), "%dx%d", &w, &h) != 2 || w < 100 || h < 100 || w > 10000 || h > 10000)
      hs::throw_usage("--size: expected WIDTHxHEIGHT in pixels, 100 to 10000 each, got \"" + size + "\"");
    opt.width = w, opt.height = h;
    if (!opt.tz.empty()) hs::utc_to_local(hs::UtcTime{}, opt.tz.c_str());  // an unknown zone fails here
    if (format.empty()) format = output.size() > 4 && output.substr(output.size() - 4) == ".png" ? "png" : "svg";
    opt.terminal = format;
    if (!script_only && output.empty()) hs::throw_usage("-o FILE.svg or FILE.png is required (or --script)");
    Input in(input);
    const std::string script = hs::plot::chart_script(in.path, opt);
    if (script_only) {
      if (output.empty() || output == "-") std::cout << script;
      else hs::write_file_atomically(output, script);
      return 0;
    }
    hs::plot::render(script, output, opt);
    return 0;
  });
}
