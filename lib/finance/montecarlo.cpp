#include "finance/montecarlo.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

namespace hs::finance {
namespace {

// Standard normal by Box-Muller from the engine's raw 64-bit output: std::normal_distribution
// differs between standard libraries, this does not.
class Normal {
 public:
  explicit Normal(std::uint64_t seed) : eng_(seed) {}
  double operator()() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u1 = uniform(), u2 = uniform();
    double r = std::sqrt(-2 * std::log(u1));
    spare_ = r * std::sin(2 * std::numbers::pi * u2);
    has_spare_ = true;
    return r * std::cos(2 * std::numbers::pi * u2);
  }

 private:
  double uniform() { return (static_cast<double>(eng_() >> 11) + 0.5) * 0x1.0p-53; }  // (0, 1)
  std::mt19937_64 eng_;
  double spare_ = 0;
  bool has_spare_ = false;
};

// Quantile by linear interpolation between order statistics (Excel PERCENTILE.INC).
double quantile(const std::vector<double>& sorted, double q) {
  double pos = q * static_cast<double>(sorted.size() - 1);
  auto i = static_cast<std::size_t>(std::floor(pos));
  if (i + 1 >= sorted.size()) return sorted.back();
  return sorted[i] + (pos - static_cast<double>(i)) * (sorted[i + 1] - sorted[i]);
}

}  // namespace

MonteCarloResult monte_carlo(const Scenario& s, std::uint64_t paths, std::uint64_t seed) {
  MonteCarloResult res;
  res.paths = paths;
  res.seed = seed;
  const MiningPaths model(s);
  const double lease_npv = summarize(finish(lease_components(s), s, "lease"), s.num("discount_rate")).npv;
  res.lease_npv = lease_npv;
  const double dt = 1.0 / 12, mu = s.num("mining.btc_growth_per_year"), sigma = s.num("mining.btc_volatility");
  const double drift = (mu - 0.5 * sigma * sigma) * dt, vol = sigma * std::sqrt(dt);
  const double g_mean = s.num("mining.difficulty_growth_per_month"), g_sd = s.num("mining.difficulty_growth_sd");
  Normal z(seed);
  std::vector<double> npvs;
  npvs.reserve(paths);
  std::vector<double> price(model.months());
  std::uint64_t beats = 0;
  double sum = 0;
  for (std::uint64_t p = 0; p < paths; ++p) {
    // Growth below -99%/month would make the network vanish: floored there.
    double g = std::max(-0.99, g_mean + g_sd * z());
    double pr = s.num("mining.btc_price_usd");
    for (std::size_t m = 0; m < price.size(); ++m) {
      price[m] = pr;  // month m is valued at its start, as in the deterministic model
      pr *= std::exp(drift + vol * z());
    }
    double v = model.npv(price, g);
    npvs.push_back(v);
    sum += v;
    if (v > lease_npv) ++beats;
  }
  if (paths == 0) return res;
  std::sort(npvs.begin(), npvs.end());
  res.p10 = quantile(npvs, 0.10);
  res.p50 = quantile(npvs, 0.50);
  res.p90 = quantile(npvs, 0.90);
  res.mean = sum / static_cast<double>(paths);
  res.p_mining_beats_lease = static_cast<double>(beats) / static_cast<double>(paths);
  return res;
}

}  // namespace hs::finance
