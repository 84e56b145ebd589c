#pragma once
// fleet subcommands: each registers its options on a CLI11 subcommand and returns the
// function that runs it (called by main after parsing).
#include <functional>

#include "core/cli.hpp"

namespace fleet {
using Runner = std::function<int()>;
Runner add_status(CLI::App& app);  // cmd_status.cpp
Runner add_apply(CLI::App& app);   // cmd_apply.cpp
Runner add_query(CLI::App& app);   // cmd_query.cpp
}  // namespace fleet
