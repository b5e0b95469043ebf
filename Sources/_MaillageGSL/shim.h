// A thin C layer over GSL. Swift 6 code must not read GSL's global `gsl_rng_*` type
// pointers directly (they are mutable C globals), so the generator type is chosen here.
#ifndef MAILLAGE_GSL_SHIM_H
#define MAILLAGE_GSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_rstat.h>
#include <gsl/gsl_fit.h>

/// Turns GSL's default handler (which aborts the process) off; GSL then reports errors
/// through return codes only.
static inline void maillage_gsl_disable_abort(void) {
    gsl_set_error_handler_off();
}

/// A generator of GSL's type `type` seeded with `seed`, or NULL when memory is short.
static inline gsl_rng *maillage_rng(const gsl_rng_type *type, unsigned long seed) {
    gsl_rng *r = gsl_rng_alloc(type);
    if (r != NULL) {
        gsl_rng_set(r, seed);
    }
    return r;
}

/// A Mersenne Twister (mt19937) generator seeded with `seed`, or NULL when memory is short.
static inline gsl_rng *maillage_rng_mt19937(unsigned long seed) { return maillage_rng(gsl_rng_mt19937, seed); }

/// L'Ecuyer's maximally equidistributed combined Tausworthe generator (taus2) seeded with
/// `seed`, or NULL when memory is short.
static inline gsl_rng *maillage_rng_taus2(unsigned long seed) { return maillage_rng(gsl_rng_taus2, seed); }

/// The index Walker's alias table `g` (from `gsl_ran_discrete_preproc`) gives for the uniform
/// `u` in [0, 1): the same lookup `gsl_ran_discrete` makes after drawing its own uniform, so that
/// a holder's choice can come from a uniform drawn in advance (common random numbers).
static inline size_t maillage_discrete_lookup(const gsl_ran_discrete_t *g, double u) {
    size_t c = (size_t)(u * (double)g->K);
    if (c >= g->K) c = g->K - 1;
    double f = g->F[c];
    if (f == 1.0 || u < f) return c;
    return g->A[c];
}

/// A Nelder–Mead simplex minimiser (`gsl_multimin_fminimizer_nmsimplex2`) in `n` dimensions,
/// or NULL when memory is short.
static inline gsl_multimin_fminimizer *maillage_nmsimplex2_alloc(size_t n) {
    return gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, n);
}

/// A Sobol quasi-random sequence generator (`gsl_qrng_sobol`) in `dimension` dimensions
/// (1 to 40), or NULL.
static inline gsl_qrng *maillage_qrng_sobol_alloc(unsigned int dimension) {
    return gsl_qrng_alloc(gsl_qrng_sobol, dimension);
}

#endif
