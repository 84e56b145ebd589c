#pragma once
// The cells of every record leasecalc writes (cash_flow, scenario_summary, sweep_result,
// monte_carlo_summary, flex_clause; field order in lib/records/leasecalc.cpp), each built in one place from
// its typed struct; the driver only writes them. Tested by field name in
// tests/unit/finance/record_cells_test.cpp, so two swapped columns fail.
#include <optional>
#include <string>
#include <vector>

#include "core/record.hpp"
#include "finance/flex_value.hpp"
#include "finance/models.hpp"
#include "finance/montecarlo.hpp"

namespace hs::finance {

// Money to the cent; IRR and MIRR to 6 decimals, payback years to 3, MOIC to 4.
std::vector<Cell> summary_cells(const Summary& s);
std::vector<Cell> cash_flow_cells(const std::string& scenario, const Period& p);

// One point of a --sweep: the first key's value and, for a two-key sweep, the second's.
struct SweepPoint {
  std::string key;
  double value = 0;
  std::optional<std::string> key2;
  std::optional<double> value2;
};
std::vector<Cell> sweep_cells(const Summary& s, const SweepPoint& at);

// MWh to 4 decimals, money to the cent, the break-even discount to 4 decimals.
std::vector<Cell> flex_cells(const FlexFigures& f);

// `name` is the scenario's; the row is its mining model's ("<name>/mining").
std::vector<Cell> monte_carlo_cells(const std::string& name, const MonteCarloResult& r);

}  // namespace hs::finance
