// The maximal covering location problem, solved exactly with GLPK's branch and cut.
//
// GLPK is loaded when first needed (dlopen of libglpk.so.40), not linked: a build needs GLPK's
// header (Debian's libglpk-dev), a run needs its library only to solve exactly, and the portable
// release depends on nothing beyond the C library. Callers fall back to the greedy heuristic,
// with a warning, when GLPK is absent.
#ifndef MAILLAGE_GLPK_H
#define MAILLAGE_GLPK_H

#include <stddef.h>

/// Outcome of a solve.
typedef struct {
    /// 0: solved (see `optimal`); 1: GLPK is not available; 2: GLPK failed (see `message`).
    int code;
    /// 1 when GLPK proved the solution optimal (glp_mip_status is GLP_OPT), 0 when it stopped at
    /// the time limit with a feasible solution.
    int optimal;
    /// The covered weight of the solution found.
    double objective;
    /// Relative gap between the solution and the best bound when the search stopped: 0 when
    /// optimal, negative when unknown.
    double gap;
    /// GLPK's error or the loader's message, for code 1 and 2.
    char message[256];
} maillage_mclp_result;

/// Whether GLPK can be loaded; on failure, `message` (of `length` bytes) says why.
int maillage_glpk_available(char *message, size_t length);

/// Chooses `k` of `sites` candidate sites to maximise the weight of the demand points covered:
/// demand point i (weight `weight[i]`) is covered when a chosen site is among
/// `covering[start[i] ..< start[i + 1]]` (site indices). On success `chosen[j]` is 1 for the
/// chosen sites and 0 for the others. `time_limit_ms` bounds the search (0: no bound).
maillage_mclp_result maillage_mclp_solve(int demands, const double *weight, const int *start, const int *covering,
                                         int sites, int k, int time_limit_ms, int *chosen);

#endif
