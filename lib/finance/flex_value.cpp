#include "finance/flex_value.hpp"

#include <algorithm>
#include <functional>

#include "core/parse.hpp"
#include "finance/flex.hpp"
#include "finance/models.hpp"

namespace hs::finance {
namespace {

double lease_npv(const Scenario& s) {
  double v = 0;
  for (const auto& p : finish(lease_components(s), s, "").periods) v += p.discounted;
  return v;
}

// The clause's NPV (with less without) when `key` takes the value x, the other keys as they are.
double clause_npv_at(const Scenario& s, const std::string& key, double x, double without) {
  Scenario t = s;
  t.set_value(key, format_double(x), Location{"(break-even)", 0});
  return lease_npv(t) - without;
}

// The boundary of {x in [lo, hi] : f(x) >= 0} for an f monotone in x, by bisection: the NPV is
// piecewise linear in a price once tax carries losses, so no closed form. The caller has checked
// that f changes sign over [lo, hi].
double bisect(const std::function<double(double)>& f, double lo, double hi, bool rising) {
  for (int i = 0; i < 200 && hi - lo > 1e-12 * (1 + hi); ++i) {
    const double mid = (lo + hi) / 2;
    if ((f(mid) >= 0) == rising) hi = mid;
    else lo = mid;
  }
  return rising ? hi : lo;
}

}  // namespace

FlexFigures flex_figures(const Scenario& s, const std::string& name) {
  FlexFigures fx;
  fx.scenario = name;
  fx.max_capped_mwh_per_year = flex_max_capped_mwh_per_year(s);
  fx.capped_mwh_per_year = s.num("lease.flex_expected_capped_mwh_per_year");
  const Components c = lease_components(s);
  for (std::size_t m = 0; m < c.months(); ++m) {
    const FlexMonth f = flex_month(s, lease_month(s, static_cast<int>(m)));
    fx.capped_mwh += f.capped_mwh, fx.discount += f.discount, fx.payments += f.payments, fx.value += f.value;
  }
  fx.npv_without = lease_npv(without_flex(s));
  fx.npv = lease_npv(s) - fx.npv_without;

  // Break-even discount: the clause's NPV falls as the discount rises, from its figure at no
  // discount to the lowest at a discount of the whole rent.
  const std::string dkey = "lease.flex_discount_usd_per_kw_month";
  auto by_discount = [&](double d) { return clause_npv_at(s, dkey, d, fx.npv_without); };
  const double rent = s.num("lease.rate_per_kw_month");
  if (by_discount(0) >= 0) fx.break_even_discount = by_discount(rent) >= 0 ? rent : bisect(by_discount, 0, rent, false);

  // Break-even value: the clause's NPV rises with the value of a capped MWh; the bracket doubles
  // from the scenario's value until the clause pays (a value beyond 1e12 USD/MWh is no answer).
  const std::string vkey = "lease.flex_value_usd_per_capped_mwh";
  auto by_value = [&](double v) { return clause_npv_at(s, vkey, v, fx.npv_without); };
  if (fx.capped_mwh > 0) {
    if (by_value(0) >= 0) {
      fx.break_even_value = 0;
    } else {
      double hi = std::max(1.0, s.num(vkey));
      while (by_value(hi) < 0 && hi < 1e12) hi *= 2;
      if (by_value(hi) >= 0) fx.break_even_value = bisect(by_value, 0, hi, true);
    }
  }
  return fx;
}

}  // namespace hs::finance
