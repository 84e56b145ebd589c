#include "finance/functions.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "core/error.hpp"
#include "core/parse.hpp"

namespace hs::finance {
namespace {

constexpr double days_per_year = 365.0;

// Brent's method on [a, b] where f(a) and f(b) have opposite signs.
double brent(const std::function<double(double)>& f, double a, double b, double fa, double fb) {
  const double tol = 1e-15;
  double c = a, fc = fa, d = b - a, e = d;
  for (int iter = 0; iter < 200; ++iter) {
    if ((fb > 0) == (fc > 0)) {
      c = a; fc = fa; d = b - a; e = d;
    }
    if (std::fabs(fc) < std::fabs(fb)) {
      a = b; b = c; c = a;
      fa = fb; fb = fc; fc = fa;
    }
    double tol1 = 2 * std::numeric_limits<double>::epsilon() * std::fabs(b) + 0.5 * tol;
    double xm = 0.5 * (c - b);
    if (std::fabs(xm) <= tol1 || fb == 0) return b;
    if (std::fabs(e) >= tol1 && std::fabs(fa) > std::fabs(fb)) {
      double s = fb / fa, p, q;
      if (a == c) {
        p = 2 * xm * s;
        q = 1 - s;
      } else {
        double qq = fa / fc, r = fb / fc;
        p = s * (2 * xm * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      p = std::fabs(p);
      if (2 * p < std::min(3 * xm * q - std::fabs(tol1 * q), std::fabs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = xm; e = d;
      }
    } else {
      d = xm; e = d;
    }
    a = b; fa = fb;
    b += std::fabs(d) > tol1 ? d : (xm > 0 ? tol1 : -tol1);
    fb = f(b);
  }
  return b;
}

// Roots of g(x) = sum flows[i] * x^t[i] for the discount factor x = 1/(1+r) in (0, inf),
// i.e. r in (-1, inf). A log-spaced grid of x from 1e-4 (r = 9999) to 100 (r = -0.99)
// brackets every sign change; Brent then refines each one. A root where g only touches
// zero (a double root) is not bracketed: reported as no root, a known limit.
IrrResult solve(const std::vector<double>& flows, const std::vector<double>& t, double guess) {
  IrrResult res;
  bool pos = false, neg = false;
  for (double c : flows) {
    pos = pos || c > 0;
    neg = neg || c < 0;
  }
  if (!pos || !neg) {
    res.status = IrrStatus::no_sign_change;
    res.message = "no IRR: the cash flows never change sign";
    return res;
  }
  auto g = [&](double x) {
    double s = 0;
    for (std::size_t i = 0; i < flows.size(); ++i) s += flows[i] * std::pow(x, t[i]);
    return s;
  };
  // Descartes' rule of signs (which holds for real exponents too): the number of positive
  // roots is at most the number of sign changes of the flows in time order. With one change
  // the only root is simple, so a coarse grid cannot step over it; with more, two roots may
  // lie close together and the grid is finer (spacing 1.4% in 1 + r: two roots closer
  // than that may be missed, a known limit).
  int changes = 0;
  double last = 0;
  std::vector<std::size_t> order(flows.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return t[a] < t[b]; });
  for (std::size_t i : order) {
    if (flows[i] == 0) continue;
    if (last != 0 && (flows[i] > 0) != (last > 0)) ++changes;
    last = flows[i];
  }
  const int n = changes <= 1 ? 200 : 1000;
  const double lo = std::log(1e-4), hi = std::log(100.0);
  double xprev = std::exp(lo), gprev = g(xprev);
  std::vector<double> xs;
  for (int k = 1; k <= n; ++k) {
    double x = std::exp(lo + (hi - lo) * k / n);
    double gx = g(x);
    if (gprev == 0) {
      xs.push_back(xprev);
    } else if ((gx > 0) != (gprev > 0) && gx != 0) {
      xs.push_back(brent(g, xprev, x, gprev, gx));
    }
    xprev = x;
    gprev = gx;
  }
  // With one sign change a root always exists (g runs from the sign of the earliest flow at
  // x -> 0 to that of the latest at x -> infinity), but it may lie outside the grid: a project
  // that pays back within months has an IRR of millions of percent (x far below 1e-4), and
  // one that loses almost everything an IRR just above -100%. Widen by factors of 10 until the
  // sign changes, as far as doubles reach.
  if (xs.empty() && changes == 1) {
    const double g_lo = g(std::exp(lo)), g_hi = g(std::exp(hi));
    for (double a = std::exp(lo), ga = g_lo; a > 1e-300;) {
      const double b = a / 10, gb = g(b);
      if (gb == 0) break;  // every power underflowed: no sign left to compare
      if ((gb > 0) != (ga > 0)) { xs.push_back(brent(g, b, a, gb, ga)); break; }
      a = b, ga = gb;
    }
    for (double a = std::exp(hi), ga = g_hi; xs.empty() && a < 1e300;) {
      const double b = a * 10, gb = g(b);
      if (gb == 0 || !std::isfinite(gb)) break;
      if ((gb > 0) != (ga > 0)) { xs.push_back(brent(g, a, b, ga, gb)); break; }
      a = b, ga = gb;
    }
  }
  for (double x : xs) res.roots.push_back(1 / x - 1);
  std::sort(res.roots.begin(), res.roots.end());
  if (res.roots.empty()) {
    res.status = IrrStatus::no_root;
    res.message = changes == 1 ? "no IRR: the rate that makes the NPV zero lies beyond what doubles can hold"
                               : "no IRR: no discount rate above -100% makes the NPV zero (rates from -99% to "
                                 "999,900% searched)";
    return res;
  }
  auto best = *std::min_element(res.roots.begin(), res.roots.end(), [&](double a, double b) {
    return std::fabs(a - guess) < std::fabs(b - guess);
  });
  res.rate = best;
  if (res.roots.size() == 1) {
    res.status = IrrStatus::unique;
  } else {
    res.status = IrrStatus::multiple;
    std::string list;
    for (double r : res.roots) list += (list.empty() ? "" : ", ") + format_fixed(r * 100, 4) + "%";
    res.message = std::to_string(res.roots.size()) + " IRRs exist (" + list + "); reporting " +
                  format_fixed(best * 100, 4) + "%, the one closest to " + format_fixed(guess * 100, 2) + "%";
  }
  return res;
}

}  // namespace

double npv(double rate, const std::vector<double>& flows) {
  double s = 0, d = 1;
  for (double c : flows) {
    d /= 1 + rate;
    s += c * d;
  }
  return s;
}

double xnpv_years(double rate, const std::vector<double>& flows, const std::vector<double>& times_years) {
  double s = 0;
  for (std::size_t i = 0; i < flows.size(); ++i) s += flows[i] / std::pow(1 + rate, times_years[i]);
  return s;
}

static std::vector<double> years_from_first(const std::vector<UtcTime>& dates) {
  std::vector<double> t;
  t.reserve(dates.size());
  for (auto d : dates) t.push_back(static_cast<double>((d - dates.front()).count()) / 86400.0 / days_per_year);
  return t;
}

double xnpv(double rate, const std::vector<double>& flows, const std::vector<UtcTime>& dates) {
  if (flows.empty()) return 0;
  return xnpv_years(rate, flows, years_from_first(dates));
}

IrrResult irr(const std::vector<double>& flows, double guess) {
  std::vector<double> t(flows.size());
  for (std::size_t i = 0; i < t.size(); ++i) t[i] = static_cast<double>(i);
  return solve(flows, t, guess);
}

IrrResult xirr_years(const std::vector<double>& flows, const std::vector<double>& times_years, double guess) {
  return solve(flows, times_years, guess);
}

IrrResult xirr(const std::vector<double>& flows, const std::vector<UtcTime>& dates, double guess) {
  if (flows.empty()) return solve(flows, {}, guess);
  return solve(flows, years_from_first(dates), guess);
}

std::optional<double> mirr(const std::vector<double>& flows, double finance_rate, double reinvest_rate) {
  const auto n = flows.size();
  if (n < 2) return std::nullopt;
  double fv_pos = 0, pv_neg = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (flows[i] > 0) fv_pos += flows[i] * std::pow(1 + reinvest_rate, static_cast<double>(n - 1 - i));
    if (flows[i] < 0) pv_neg += flows[i] / std::pow(1 + finance_rate, static_cast<double>(i));
  }
  if (fv_pos == 0 || pv_neg == 0) return std::nullopt;
  return std::pow(fv_pos / -pv_neg, 1.0 / static_cast<double>(n - 1)) - 1;
}

std::optional<double> xmirr_years(const std::vector<double>& flows, const std::vector<double>& times_years,
                                  double finance_rate, double reinvest_rate) {
  if (flows.empty() || flows.size() != times_years.size()) return std::nullopt;
  const double horizon = times_years.back();
  if (!(horizon > 0)) return std::nullopt;
  double fv_pos = 0, pv_neg = 0;
  for (std::size_t i = 0; i < flows.size(); ++i) {
    if (flows[i] > 0) fv_pos += flows[i] * std::pow(1 + reinvest_rate, horizon - times_years[i]);
    if (flows[i] < 0) pv_neg += flows[i] / std::pow(1 + finance_rate, times_years[i]);
  }
  if (fv_pos == 0 || pv_neg == 0) return std::nullopt;
  return std::pow(fv_pos / -pv_neg, 1.0 / horizon) - 1;
}

double pmt(double rate, int periods, double pv, double fv, bool at_start) {
  if (periods <= 0) throw Error(exit_code::usage, "payment: the number of periods must be positive");
  const double n = periods;
  if (rate == 0) return -(pv + fv) / n;
  double g = std::pow(1 + rate, n);
  return -(pv * g + fv) * rate / ((g - 1) * (at_start ? 1 + rate : 1));
}

std::optional<double> payback(const std::vector<double>& flows, const std::vector<double>& times, double start_time) {
  double cum = 0;
  std::optional<double> when;
  for (std::size_t i = 0; i < flows.size(); ++i) {
    double before = cum;
    cum += flows[i];
    double t0 = i == 0 ? start_time : times[i - 1];
    if (before < 0 && cum >= 0) {
      // Linear inside the period: the flow is taken as earned evenly across it.
      when = t0 + (times[i] - t0) * (-before / flows[i]);
    } else if (cum < 0) {
      when.reset();
    }
  }
  if (cum < 0) return std::nullopt;
  if (!when && !flows.empty()) return start_time;  // never under water
  return when;
}

std::optional<double> moic(const std::vector<double>& flows) {
  double in = 0, out = 0;
  for (double c : flows) (c < 0 ? in : out) += std::fabs(c);
  if (in == 0) return std::nullopt;
  return out / in;
}

double peak_funding(const std::vector<double>& flows) {
  double cum = 0, peak = 0;
  for (double c : flows) {
    cum += c;
    peak = std::max(peak, -cum);
  }
  return peak;
}

}  // namespace hs::finance
