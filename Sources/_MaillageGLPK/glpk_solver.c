// Maximal covering location (Church and ReVelle 1974) as an integer programme for GLPK:
//
//   maximise   Σ_i w_i y_i
//   subject to y_i − Σ_{j covers i} x_j ≤ 0   for every demand point i
//              Σ_j x_j = k
//              x_j ∈ {0, 1},  0 ≤ y_i ≤ 1
//
// y may stay continuous: for integral x the best y_i is min(1, Σ x_j), itself integral.
#include "maillage_glpk.h"

#include <dlfcn.h>
#include <glpk.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The GLPK functions used, resolved once from the shared library.
static struct {
    void *library;
    char error[200];
    __typeof__(glp_create_prob) *create_prob;
    __typeof__(glp_delete_prob) *delete_prob;
    __typeof__(glp_set_obj_dir) *set_obj_dir;
    __typeof__(glp_add_rows) *add_rows;
    __typeof__(glp_add_cols) *add_cols;
    __typeof__(glp_set_row_bnds) *set_row_bnds;
    __typeof__(glp_set_col_bnds) *set_col_bnds;
    __typeof__(glp_set_col_kind) *set_col_kind;
    __typeof__(glp_set_obj_coef) *set_obj_coef;
    __typeof__(glp_load_matrix) *load_matrix;
    __typeof__(glp_init_iocp) *init_iocp;
    __typeof__(glp_intopt) *intopt;
    __typeof__(glp_mip_status) *mip_status;
    __typeof__(glp_mip_obj_val) *mip_obj_val;
    __typeof__(glp_mip_col_val) *mip_col_val;
    __typeof__(glp_term_out) *term_out;
} glpk;

static pthread_once_t glpk_once = PTHREAD_ONCE_INIT;

static void glpk_load(void) {
    // MAILLAGE_NO_GLPK=1 behaves as a machine without GLPK (tests of the fallback use it).
    const char *off = getenv("MAILLAGE_NO_GLPK");
    if (off != NULL && off[0] != '\0' && strcmp(off, "0") != 0) {
        snprintf(glpk.error, sizeof glpk.error, "GLPK is switched off by MAILLAGE_NO_GLPK");
        return;
    }
    const char *names[] = {"libglpk.so.40", "libglpk.so"};
    for (size_t i = 0; i < sizeof names / sizeof names[0] && glpk.library == NULL; i++) {
        glpk.library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    }
    if (glpk.library == NULL) {
        const char *why = dlerror();
        snprintf(glpk.error, sizeof glpk.error, "GLPK's library (libglpk.so.40) cannot be loaded: %s; install libglpk40 (Debian) or glpk",
                 why ? why : "not found");
        return;
    }
#define RESOLVE(field, symbol)                                                                       \
    if ((glpk.field = (__typeof__(glpk.field))dlsym(glpk.library, symbol)) == NULL) {               \
        snprintf(glpk.error, sizeof glpk.error, "GLPK's library lacks %s", symbol);                 \
        dlclose(glpk.library);                                                                       \
        glpk.library = NULL;                                                                         \
        return;                                                                                      \
    }
    RESOLVE(create_prob, "glp_create_prob")
    RESOLVE(delete_prob, "glp_delete_prob")
    RESOLVE(set_obj_dir, "glp_set_obj_dir")
    RESOLVE(add_rows, "glp_add_rows")
    RESOLVE(add_cols, "glp_add_cols")
    RESOLVE(set_row_bnds, "glp_set_row_bnds")
    RESOLVE(set_col_bnds, "glp_set_col_bnds")
    RESOLVE(set_col_kind, "glp_set_col_kind")
    RESOLVE(set_obj_coef, "glp_set_obj_coef")
    RESOLVE(load_matrix, "glp_load_matrix")
    RESOLVE(init_iocp, "glp_init_iocp")
    RESOLVE(intopt, "glp_intopt")
    RESOLVE(mip_status, "glp_mip_status")
    RESOLVE(mip_obj_val, "glp_mip_obj_val")
    RESOLVE(mip_col_val, "glp_mip_col_val")
    RESOLVE(term_out, "glp_term_out")
#undef RESOLVE
}

int maillage_glpk_available(char *message, size_t length) {
    pthread_once(&glpk_once, glpk_load);
    if (glpk.library == NULL) {
        if (message != NULL && length > 0) snprintf(message, length, "%s", glpk.error);
        return 0;
    }
    return 1;
}

static maillage_mclp_result mclp_solve_unlocked(int demands, const double *weight, const int *start, const int *covering,
                                                int sites, int k, int time_limit_ms, int *chosen) {
    maillage_mclp_result result;
    memset(&result, 0, sizeof result);
    result.gap = -1;
    if (!maillage_glpk_available(result.message, sizeof result.message)) {
        result.code = 1;
        return result;
    }
    if (demands < 0 || sites < 1 || k < 0 || k > sites) {
        result.code = 2;
        snprintf(result.message, sizeof result.message, "invalid problem: %d demand points, %d sites, k = %d", demands, sites, k);
        return result;
    }
    // Columns 1..sites are x, sites + 1 .. sites + demands are y (GLPK counts from 1).
    long nonzeros = start[demands] + demands + sites;
    int *ia = malloc((size_t)(nonzeros + 1) * sizeof(int));
    int *ja = malloc((size_t)(nonzeros + 1) * sizeof(int));
    double *ar = malloc((size_t)(nonzeros + 1) * sizeof(double));
    if (ia == NULL || ja == NULL || ar == NULL) {
        free(ia); free(ja); free(ar);
        result.code = 2;
        snprintf(result.message, sizeof result.message, "out of memory for %ld coefficients", nonzeros);
        return result;
    }
    glpk.term_out(GLP_OFF);
    glp_prob *p = glpk.create_prob();
    glpk.set_obj_dir(p, GLP_MAX);
    if (demands > 0) glpk.add_rows(p, demands);
    glpk.add_rows(p, 1);
    glpk.add_cols(p, sites + demands);
    long n = 0;
    for (int i = 0; i < demands; i++) {
        glpk.set_row_bnds(p, i + 1, GLP_UP, 0.0, 0.0);
        n++; ia[n] = i + 1; ja[n] = sites + i + 1; ar[n] = 1.0;
        for (int e = start[i]; e < start[i + 1]; e++) {
            n++; ia[n] = i + 1; ja[n] = covering[e] + 1; ar[n] = -1.0;
        }
    }
    glpk.set_row_bnds(p, demands + 1, GLP_FX, (double)k, (double)k);
    for (int j = 0; j < sites; j++) {
        glpk.set_col_kind(p, j + 1, GLP_BV);
        n++; ia[n] = demands + 1; ja[n] = j + 1; ar[n] = 1.0;
    }
    for (int i = 0; i < demands; i++) {
        glpk.set_col_bnds(p, sites + i + 1, GLP_DB, 0.0, 1.0);
        glpk.set_obj_coef(p, sites + i + 1, weight[i]);
    }
    glpk.load_matrix(p, (int)n, ia, ja, ar);
    free(ia); free(ja); free(ar);

    glp_iocp parm;
    glpk.init_iocp(&parm);
    parm.presolve = GLP_ON;
    parm.msg_lev = GLP_MSG_OFF;
    parm.mip_gap = 0.0;
    if (time_limit_ms > 0) parm.tm_lim = time_limit_ms;
    int rc = glpk.intopt(p, &parm);
    int status = glpk.mip_status(p);
    if ((rc == 0 || rc == GLP_ETMLIM) && (status == GLP_OPT || status == GLP_FEAS)) {
        result.optimal = status == GLP_OPT && rc == 0;
        result.gap = result.optimal ? 0.0 : -1.0;
        result.objective = glpk.mip_obj_val(p);
        for (int j = 0; j < sites; j++) chosen[j] = glpk.mip_col_val(p, j + 1) > 0.5 ? 1 : 0;
    } else {
        result.code = 2;
        snprintf(result.message, sizeof result.message, "GLPK's branch and cut stopped with code %d and status %d", rc, status);
    }
    glpk.delete_prob(p);
    return result;
}

// One solve at a time: models are built on several threads (a budget search builds its
// candidates in parallel), and GLPK's environment is only per thread when it was built so.
static pthread_mutex_t solve_lock = PTHREAD_MUTEX_INITIALIZER;

maillage_mclp_result maillage_mclp_solve(int demands, const double *weight, const int *start, const int *covering,
                                         int sites, int k, int time_limit_ms, int *chosen) {
    pthread_mutex_lock(&solve_lock);
    maillage_mclp_result result = mclp_solve_unlocked(demands, weight, start, covering, sites, k, time_limit_ms, chosen);
    pthread_mutex_unlock(&solve_lock);
    return result;
}
