#pragma once
// payout subcommands: each registers its options on a CLI11 subcommand and returns the
// function that runs it (hs::Subcommands in core/cli.hpp: the idiom of every tool).
#include "core/cli.hpp"

namespace payout {
using hs::Runner;
Runner add_split(CLI::App& app);       // cmd_split.cpp
Runner add_credit(CLI::App& app);      // cmd_credit.cpp
Runner add_pay(CLI::App& app);         // cmd_pay.cpp
Runner add_confirm(CLI::App& app);     // cmd_pay.cpp
Runner add_cancel(CLI::App& app);      // cmd_pay.cpp
Runner add_balances(CLI::App& app);    // cmd_report.cpp
Runner add_statement(CLI::App& app);   // cmd_report.cpp
Runner add_verify(CLI::App& app);      // cmd_report.cpp
}  // namespace payout
