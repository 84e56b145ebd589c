#include "dispatch/strike.hpp"

namespace hs::dispatch {

StrikeCount strike_step(const StrikeRule& rule, StrikeCount c, double price) {
  const double level = rule.strike_usd_per_mwh ? *rule.strike_usd_per_mwh : *rule.emergency_usd_per_mwh;
  if (price > level) {
    ++c.above, c.below = 0;
    const bool emergency = rule.emergency_usd_per_mwh && price > *rule.emergency_usd_per_mwh;
    if (emergency || (rule.strike_usd_per_mwh && c.above >= rule.after)) c.curtailed = true;
  } else {
    ++c.below, c.above = 0;
    if (c.curtailed && c.below >= rule.resume_after) c.curtailed = false;
  }
  return c;
}

}  // namespace hs::dispatch
