// A plan's model (lp_model.hpp) written to a file, and solved: COIN-OR CLP for the LP, CBC for
// a model with integer columns.
#include <CbcModel.hpp>
#include <ClpSimplex.hpp>
#include <ClpSolve.hpp>
#include <CoinError.hpp>
#include <CoinMpsIO.hpp>
#include <CoinPackedMatrix.hpp>
#include <OsiClpSolverInterface.hpp>

#include "core/error.hpp"
#include "dispatch/lp_model.hpp"

namespace hs::dispatch::lp {

namespace {

CoinPackedMatrix matrix_of(const Model& md) {
  const int ncols = static_cast<int>(md.obj.size()), nrows = static_cast<int>(md.rowlb.size());
  CoinPackedMatrix matrix(true, md.ri.data(), md.ci.data(), md.el.data(), static_cast<CoinBigIndex>(md.el.size()));
  // Columns and rows with no entry at the end are not in the triplets.
  if (matrix.getNumCols() < ncols) matrix.setDimensions(nrows, ncols);
  if (matrix.getNumRows() < nrows) matrix.setDimensions(nrows, ncols);
  return matrix;
}

bool ends_with(const std::string& s, const std::string& suf) {
  return s.size() >= suf.size() && s.compare(s.size() - suf.size(), suf.size(), suf) == 0;
}

void load(OsiClpSolverInterface& si, const Model& md, const CoinPackedMatrix& matrix) {
  si.messageHandler()->setLogLevel(0);
  si.loadProblem(matrix, md.collb.data(), md.colub.data(), md.obj.data(), md.rowlb.data(), md.rowub.data());
  for (std::size_t c = 0; c < md.integer.size(); ++c)
    if (md.integer[c]) si.setInteger(static_cast<int>(c));
}

Solution solve_clp(const Model& md, const CoinPackedMatrix& matrix, const SolveOptions& how) {
  ClpSimplex clp;
  clp.setLogLevel(0);
  clp.loadProblem(matrix, md.collb.data(), md.colub.data(), md.obj.data(), md.rowlb.data(), md.rowub.data());
  // The model is banded (intervals in a chain, see the demand peak), so the barrier's Cholesky
  // factors stay sparse and the interior point method takes a few dozen iterations where dual
  // simplex takes one or more per interval: on the bench year (bench/allocate.sh) it is ten
  // times faster, and its objective agrees with dual simplex's to 1e-9. Crossover to a basis
  // costs more than the barrier itself on these degenerate models (many intervals at one price),
  // so it is asked for only with "crossover". Small models (tests, a day) go to dual simplex,
  // which gives vertex solutions there in milliseconds.
  if (how.barrier) {
    ClpSolve method;
    method.setSolveType(how.crossover ? ClpSolve::useBarrier : ClpSolve::useBarrierNoCross);
    method.setPresolveType(ClpSolve::presolveOn);
    clp.initialSolve(method);
    if (!clp.isProvenOptimal() && !clp.isProvenPrimalInfeasible()) clp.initialSolve();  // not converged: simplex
  } else {
    clp.initialSolve();  // dual simplex after presolve
  }
  Solution s;
  s.solver = "clp";
  if (clp.isProvenPrimalInfeasible()) return s.status = Solution::Status::infeasible, s;
  if (clp.isProvenDualInfeasible()) return s.status = Solution::Status::unbounded, s;
  if (!clp.isProvenOptimal())
    throw Error(exit_code::software,
                "CLP stopped without an optimal plan (status " + std::to_string(clp.status()) + ")");
  s.x.assign(clp.primalColumnSolution(), clp.primalColumnSolution() + md.obj.size());
  s.objective = clp.objectiveValue();
  return s;
}

Solution solve_cbc(const Model& md, const CoinPackedMatrix& matrix, const SolveOptions& how) {
  OsiClpSolverInterface si;
  load(si, md, matrix);
  CbcModel cbc(si);
  cbc.setLogLevel(0);
  cbc.messageHandler()->setLogLevel(0);
  cbc.setAllowableFractionGap(how.mip_gap);
  cbc.branchAndBound();
  Solution s;
  s.solver = "cbc";
  if (cbc.isProvenInfeasible()) return s.status = Solution::Status::infeasible, s;
  if (!cbc.bestSolution()) throw Error(exit_code::software, "CBC found no integer plan");
  s.x.assign(cbc.bestSolution(), cbc.bestSolution() + md.obj.size());
  s.objective = cbc.getObjValue();
  return s;
}

}  // namespace

void write_model(const Model& md, const std::string& path) {
  const CoinPackedMatrix matrix = matrix_of(md);
  try {
    if (ends_with(path, ".mps")) {
      CoinMpsIO io;
      io.messageHandler()->setLogLevel(0);
      io.setMpsData(matrix, COIN_DBL_MAX, md.collb.data(), md.colub.data(), md.obj.data(), md.integer.data(),
                    md.rowlb.data(), md.rowub.data(), md.colname, md.rowname);
      io.setProblemName("allocate");
      if (io.writeMps(path.c_str(), 0, 1, 2) != 0) throw CoinError("write failed", "writeMps", "CoinMpsIO");
    } else {
      OsiClpSolverInterface w;
      load(w, md, matrix);
      std::vector<const char*> rn, cn;
      for (auto& s : md.rowname) rn.push_back(s.c_str());
      rn.push_back("neg_margin");
      for (auto& s : md.colname) cn.push_back(s.c_str());
      if (w.writeLpNative(path.c_str(), rn.data(), cn.data(), 1e-12, 10, 12, 1.0, true) != 0)
        throw CoinError("write failed", "writeLpNative", "OsiClpSolverInterface");
    }
  } catch (const CoinError& e) {
    throw Error(exit_code::cant_create, "cannot write the model to " + path + ": " + e.message());
  }
}

Solution solve(const Model& md, const SolveOptions& how) {
  const CoinPackedMatrix matrix = matrix_of(md);
  return how.integer ? solve_cbc(md, matrix, how) : solve_clp(md, matrix, how);
}

}  // namespace hs::dispatch::lp
