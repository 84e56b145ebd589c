#pragma once
// Strike rules (see StrikeRule in site.hpp): the counters a class carries from one interval to
// the next, and one step of the rule.
#include "dispatch/site.hpp"

namespace hs::dispatch {

struct StrikeCount {
  int above = 0;           // consecutive intervals above the strike so far
  int below = 0;           // consecutive intervals at or below it so far
  bool curtailed = false;  // the rule holds the class off
  bool operator==(const StrikeCount&) const = default;
};

// The counters after an interval at node price `price`. Above the emergency strike the class
// is curtailed at once; above the strike for `after` intervals in a row it is curtailed; once
// curtailed it resumes after `resume_after` intervals in a row at or below the strike (the
// emergency strike when the rule has no plain strike).
StrikeCount strike_step(const StrikeRule& rule, StrikeCount c, double price);

}  // namespace hs::dispatch
