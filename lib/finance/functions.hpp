#pragma once
// Discounted-cash-flow functions with the spreadsheet conventions analysts check them against:
//  - npv:  Excel/LibreOffice NPV: the FIRST flow is discounted one period (flows at period ends);
//  - xnpv: XNPV: the first flow is at time zero, times are actual days / 365;
//  - irr/xirr: every root is searched for (bracketing on a grid, then Brent), so "no IRR" and
//    "several IRRs" are reported instead of whatever a Newton start happens to land on.
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace hs::finance {

double npv(double rate, const std::vector<double>& flows);
// times_years[i]: time of flows[i] in years from the first flow (actual/365).
double xnpv_years(double rate, const std::vector<double>& flows, const std::vector<double>& times_years);
double xnpv(double rate, const std::vector<double>& flows, const std::vector<UtcTime>& dates);

enum class IrrStatus { unique, multiple, no_sign_change, no_root };

struct IrrResult {
  IrrStatus status = IrrStatus::no_root;
  std::optional<double> rate;  // the reported rate (closest to the guess when several)
  std::vector<double> roots;   // every root found, ascending
  std::string message;         // says why none, or which of several is reported
};

// IRR of flows at equal periods 0, 1, 2, ... (Excel IRR).
IrrResult irr(const std::vector<double>& flows, double guess = 0.1);
// IRR of dated flows, actual/365 from the first (Excel XIRR).
IrrResult xirr_years(const std::vector<double>& flows, const std::vector<double>& times_years, double guess = 0.1);
IrrResult xirr(const std::vector<double>& flows, const std::vector<UtcTime>& dates, double guess = 0.1);

// Excel MIRR: negatives discounted at finance_rate, positives compounded at reinvest_rate.
// Empty when the flows lack a positive or a negative value.
std::optional<double> mirr(const std::vector<double>& flows, double finance_rate, double reinvest_rate);

// MIRR of dated flows (times in years from the start, the XNPV convention): negatives
// discounted to the start at finance_rate, positives compounded to the last time T at
// reinvest_rate; (FV / -PV)^(1/T) - 1. With times 0, 1, ..., n-1 it is Excel's MIRR. Empty when
// the flows lack a positive or a negative value, or T is not after the start.
std::optional<double> xmirr_years(const std::vector<double>& flows, const std::vector<double>& times_years,
                                  double finance_rate, double reinvest_rate);

// Excel PMT: payment per period (negative when pv is positive), due at period end unless
// at_start.
double pmt(double rate, int periods, double pv, double fv = 0, bool at_start = false);

// Time (in the unit of `times`) when the running sum of flows last turns from negative to
// non-negative, interpolated linearly inside the period; empty when it ends negative.
// times[i] is the end of period i; period i runs from times[i-1] (or start_time) to times[i].
std::optional<double> payback(const std::vector<double>& flows, const std::vector<double>& times,
                              double start_time = 0);

// Sum of positive flows over the sum of negative flows (absolute); empty without negatives.
std::optional<double> moic(const std::vector<double>& flows);

// Largest shortfall of the running sum (>= 0).
double peak_funding(const std::vector<double>& flows);

}  // namespace hs::finance
