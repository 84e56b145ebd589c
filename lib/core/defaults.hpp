#pragma once
// Defaults for the files an operator names on every command, as hledger takes LEDGER_FILE:
// --site (allocate), --inventory and --journal (fleet), --ledger (payout) and --archive
// (powerfeed fetch). Given on the command line, the option wins; else $HYBRIDSITE_SITE (and
// _INVENTORY, _JOURNAL, _LEDGER, _ARCHIVE); else `site = "..."` (inventory, journal, ledger,
// archive) in the config file: $HYBRIDSITE_CONFIG, else $XDG_CONFIG_HOME/hybridsite/config.toml,
// else ~/.config/hybridsite/config.toml when it exists. A relative path in the config file is
// taken from the file's folder. An unknown key or a value that is not a string is Error(65),
// naming the file and the key.
#include <optional>
#include <string>
#include <string_view>

namespace hs {

// The config file in use ("" when there is none).
std::string config_file();

// given when not empty, else the default of `name` (site, inventory, journal, ledger,
// archive), else "".
std::string file_option(const std::string& given, std::string_view name);

// Like file_option, but none at all is Error(64) saying each way to give it.
std::string require_file_option(const std::string& given, std::string_view name);

}  // namespace hs
