#pragma once
// fleet subcommands: each registers its options on a CLI11 subcommand and returns the
// function that runs it (hs::Subcommands in core/cli.hpp: the idiom of every tool).
#include "core/cli.hpp"

namespace fleet {
using hs::Runner;
Runner add_status(CLI::App& app);  // cmd_status.cpp
Runner add_apply(CLI::App& app);   // cmd_apply.cpp
Runner add_query(CLI::App& app);   // cmd_query.cpp
Runner add_firmware(CLI::App& app);  // cmd_firmware.cpp
}  // namespace fleet
