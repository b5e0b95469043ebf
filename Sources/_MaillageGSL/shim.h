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
#include <gsl/gsl_multifit.h>

/// Turns GSL's default handler (which aborts the process) off; GSL then reports errors
/// through return codes only.
static inline void maillage_gsl_disable_abort(void) {
    gsl_set_error_handler_off();
}

/// A uniform draw in [0, 1) from `r`: what `gsl_rng_uniform` returns, through the generator
/// type's own `get_double` (the body gsl_rng.h gives `gsl_rng_uniform` when GSL is built with
/// HAVE_INLINE). Inlined into the hot loop, it saves the call into libgsl that the exported
/// function costs on every draw; the numbers are the same.
static inline double maillage_uniform(const gsl_rng *r) {
    return (r->type->get_double)(r->state);
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

/// A taus2 generator that counts its draws, for measuring how many numbers a replication takes
/// (`make bench`): its numbers are taus2's, from the same state, so results do not change.
typedef struct {
    unsigned long draws;
    /// taus2's own state (three unsigned longs), handled by taus2's functions.
    unsigned long inner[8];
} maillage_counting_state;

static inline void maillage_counting_set(void *state, unsigned long seed) {
    maillage_counting_state *s = (maillage_counting_state *)state;
    s->draws = 0;
    gsl_rng_taus2->set(s->inner, seed);
}

static inline unsigned long maillage_counting_get(void *state) {
    maillage_counting_state *s = (maillage_counting_state *)state;
    s->draws += 1;
    return gsl_rng_taus2->get(s->inner);
}

static inline double maillage_counting_get_double(void *state) {
    maillage_counting_state *s = (maillage_counting_state *)state;
    s->draws += 1;
    return gsl_rng_taus2->get_double(s->inner);
}

/// A counting taus2 generator seeded with `seed`, or NULL when memory is short (or when GSL's
/// taus2 is not the one this was written for: a larger state or another range).
static inline gsl_rng *maillage_rng_taus2_counting(unsigned long seed) {
    // taus2's range, as GSL documents it: 0 to 2^32 - 1.
    static const gsl_rng_type type = {"taus2-counting", 0xffffffffUL, 0, sizeof(maillage_counting_state),
                                      maillage_counting_set, maillage_counting_get, maillage_counting_get_double};
    if (gsl_rng_taus2->size > sizeof(((maillage_counting_state *)0)->inner) || gsl_rng_taus2->max != type.max
        || gsl_rng_taus2->min != type.min) return NULL;
    return maillage_rng(&type, seed);
}

/// The draws a generator from `maillage_rng_taus2_counting` has made since it was seeded.
static inline unsigned long maillage_rng_draws(const gsl_rng *r) {
    return ((const maillage_counting_state *)r->state)->draws;
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
