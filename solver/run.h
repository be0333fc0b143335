/* run: one solve as every command runs it — `solve` (benchmark formats and
 * JSON), batch, `serve` and `bench` all call rd_run.
 *
 * The run: the search (rd_solve); with o->exact, a short heuristic start
 * (a tenth of the time limit, default limit 60 s) and the exact mode
 * (rd_exact_solve) for the rest; then the independent evaluator (rd_eval) on
 * the plan returned; with o->bound, column generation's lower bound
 * (solver/cg.h) in its share of the time. A model the bound does not cover
 * is refused before the search (RD_ERR_INPUT naming the feature). The result holds every figure the
 * commands print, so that they print the same numbers for the same run: the evaluated cost, the
 * lower bound (rounded up to the integer cost unit, the cost itself when
 * proven optimal), the gap to it, the prize-collecting objective (cost plus
 * the prizes left out: PyVRP's PCVRPTW) and the comment lines of a `.sol`.
 *
 * Ownership: the caller owns the model, the params and the result;
 * rd_run_result_free releases what a run put in the result. Thread-safe with
 * respect to other rd_run calls on other results. */
#ifndef RD_RUN_H
#define RD_RUN_H

#include <stdint.h>

#include "model/eval.h"
#include "model/model.h"
#include "model/params.h"
#include "model/solution.h"
#include "solver/cg.h"
#include "solver/exact.h"
#include "solver/solve.h"

typedef struct rd_run_opts {
    int exact;          /* nonzero: prove the plan optimal or bound it (--exact) */
    int bound;          /* nonzero: after the search, a lower bound by column generation
                           (--bound, solver/cg.h) */
    double bound_share; /* the share of the time limit the bound gets (the search the
                           rest); 0: RD_BOUND_SHARE. Without a time limit the search
                           runs its iterations and the bound gets RD_BOUND_SECONDS */
} rd_run_opts;

#define RD_BOUND_SHARE   0.5
#define RD_BOUND_SECONDS 60.0

typedef struct rd_run_result {
    rd_solution *plan;    /* owned: the plan returned (s->cost: the evaluated cost) */
    rd_eval_report rep;   /* the evaluator's report of `plan` */
    rd_solve_stats stats; /* the search's (stats.seconds: the search only) */
    double seconds;       /* wall time of the whole run */
    double time_limit;    /* the whole run's limit in seconds (exact: all of it); 0: none */
    int64_t iterations;   /* rounds per slot the search was given (rd_params_iterations) */
    int exact;            /* the exact mode ran */
    rd_exact_info xinfo;  /* its figures, when it ran */
    int cg;               /* column generation's bound ran (--bound) */
    rd_cg_info cginfo;    /* its figures, when it ran */
    int64_t bound;        /* lower bound on the cost (model units), -1: none */
    int optimal;          /* the plan is proven optimal (bound == cost) */
    int64_t objective;    /* rep.cost + the prizes of the optional tasks left out */
    int mandatory_left;   /* unassigned tasks that are not optional */
    int interrupted;      /* the cancel flag ended the run early */
} rd_run_result;

/* Runs `m` with `p` (p->time_limit, p->iterations as given: o->exact takes
 * its share itself) into *r (zeroed first). On success r->plan is the
 * evaluated plan. RD_ERR_* with err set otherwise (r is then freed). */
rd_status rd_run(const rd_model *m, const rd_params *p, const rd_run_opts *o, rd_run_result *r,
                 rd_error *err);

/* The gap of the cost to the bound in percent, or -1 without a bound. */
double rd_run_gap(const rd_run_result *r);

/* The comment lines of the run's `.sol` ('\n'-separated, no '#'): the
 * settings, interruption, the exact mode's proof, multi-trip figures, each
 * unassigned task with its reason, the first `max_viol` violations.
 * Returns a malloc'd string (the caller frees it), or NULL out of memory. */
char *rd_run_comments(const rd_model *m, const rd_params *p, const rd_run_result *r, int max_viol);

/* Releases what a run put in *r (NULL-safe; *r is zeroed). */
void rd_run_result_free(rd_run_result *r);

#endif
