#pragma once
// powerfeed fetch SOURCE: prices, ancillary-service prices and load forecasts from a market's
// API, through an optional archive that makes reruns fetch only what is missing.
#include <string>
#include <vector>

#include "core/cli.hpp"

namespace powerfeed {

struct FetchCmd {
  std::string source, product, from, to, base_url, token_url, credentials, archive;
  std::vector<std::string> nodes, as_types;
  int refresh = 0, page_size = 0, rate_limit = -1;
  long timeout_s = 60;
  int retries = 4;
  hs::OutputOptions out;
};
void add_fetch_options(CLI::App& app, FetchCmd& c);
int run_fetch(const FetchCmd& c);

}  // namespace powerfeed
