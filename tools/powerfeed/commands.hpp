#pragma once
// powerfeed commands, in the idiom of every tool (hs::Subcommands, core/cli.hpp): each
// cmd_<name>.cpp registers its options and returns the code that runs it. The top-level
// command (convert: files in, one price series out) registers on the app itself.
#include "core/cli.hpp"

namespace powerfeed {
using hs::Runner;
Runner add_convert(CLI::App& app);  // cmd_convert.cpp: powerfeed [options] INPUT...
Runner add_check(CLI::App& app);    // cmd_check.cpp
Runner add_stats(CLI::App& app);    // cmd_stats.cpp
Runner add_fetch(CLI::App& app);    // cmd_fetch.cpp
}  // namespace powerfeed
