#pragma once
// Monte Carlo of the mining model: BTC price paths by geometric Brownian motion (monthly
// steps, drift mining.btc_growth_per_year, volatility mining.btc_volatility) and one monthly
// network growth rate per path drawn from a normal law (mean difficulty_growth_per_month,
// sd difficulty_growth_sd). A seed makes runs reproducible: the same seed and the same
// scenario give the same figures on every machine (std::mt19937_64 and our own normal draw).
#include <cstdint>

#include "finance/models.hpp"

namespace hs::finance {

struct MonteCarloResult {
  std::uint64_t paths = 0;
  std::uint64_t seed = 0;
  double p10 = 0, p50 = 0, p90 = 0, mean = 0;
  double lease_npv = 0;
  double p_mining_beats_lease = 0;
};

MonteCarloResult monte_carlo(const Scenario& s, std::uint64_t paths, std::uint64_t seed);

}  // namespace hs::finance
