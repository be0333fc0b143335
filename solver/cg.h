/* cg: a lower bound on the cost of any plan that serves every task, by
 * column generation over the set-covering LP (GLPK's simplex), for
 * `rondo solve --bound` (solver/run.h).
 *
 * The restricted master: min sum c_r x_r subject to every task covered at
 * least once (duals pi >= 0) and at most count_v routes of vehicle type v,
 * x >= 0, started from the plan's routes, one single-task route per task and
 * an artificial column per task (dear enough never to be in an optimum that
 * needs no artificial). Its columns come from solver/price.h: heuristic
 * pricing first, exact pricing (ng-routes) when the heuristic finds nothing.
 * Duals are smoothed (Wentges): the pricing point is a mix of the LP's duals
 * and those of the best bound so far; a pricing point that finds no column
 * for the LP's duals (a mis-price) falls back to the LP's duals.
 *
 * Degeneracy: started from a good plan, the master sits at a vertex where
 * every task is covered exactly once and new columns enter at level 0; the
 * LP's value then stays at the plan's cost for hundreds of rounds while the
 * duals wander (R202: 28 s). Each covering row therefore asks for 1 + e_t,
 * e_t a fixed pseudo-random number below 1e-3, which breaks the ties. The
 * bound does not depend on it: L(pi) below holds for any pi >= 0.
 *
 * The master's size: past max(6000, 40 per task) generated columns, the
 * nonbasic ones of highest reduced cost are dropped (pricing brings a route
 * back when it pays again); GLPK's simplex took half of the time on
 * X-n143-k7 at 35,000 columns. Each master solve has the deadline as its
 * time limit, and a solve that stalls (GLPK's primal simplex can cycle on
 * these degenerate masters: minutes on X-n190-k8) goes on under another
 * pricing rule, then another ratio test, then from a fresh basis.
 *
 * Exact pricing runs when the heuristic finds nothing, and also now and then
 * for a bound that holds if the time runs out, as long as it has had less
 * than 30 % of the time so far; only the first kind shrinks the
 * neighbourhoods when it makes too many labels.
 *
 * The wider heuristic pricing runs when the first finds nothing, unless the
 * last exact pricing took at most 4 times as long as it: then exact pricing
 * (its columns are the best, and it brings a bound) is worth the wait.
 *
 * The bound: after every exact pricing of every vehicle type with duals pi,
 *     L(pi) = sum_t pi[t] + sum_v K_v * min(0, least reduced cost of v)
 * is a lower bound on the cost of every optimal plan (Lagrangian relaxation
 * of the covering rows; the ng-routes include every feasible route) when
 * some optimal plan uses at most K_v routes of type v, whatever pi >= 0: the
 * bound stays valid when the time runs out before the LP converges. K_v is
 * count_v, or rd_cg_routes_cap(m) when that is smaller. The best L is kept;
 * when exact pricing finds no column, L equals the LP's value. Costs are
 * integers, so the bound is rounded up.
 *
 * Refused models: see rd_price_unsupported (solver/price.h). A plan that
 * leaves tasks out gets no bound (the bound is on plans that serve all).
 *
 * Thread-safe (GLPK's environment is per thread; one created here is freed
 * here). */
#ifndef RD_CG_H
#define RD_CG_H

#include <stdint.h>

#include "model/log.h"
#include "model/model.h"
#include "model/solution.h"
#include "model/status.h"

typedef struct rd_cg_opts {
    double time_limit;          /* seconds (> 0) */
    int ng;                     /* ng-neighbourhood size; 0: 12 */
    const volatile int *cancel; /* not owned; stops it like the time limit */
    const rd_log *log;          /* progress at info level, NULL: silent */
    int keep_columns;           /* generated columns the master keeps; 0: the default
                                   above (smaller values are for tests) */
} rd_cg_opts;

typedef struct rd_cg_info {
    int has_bound;   /* a bound was proven */
    double value;    /* the best Lagrangian bound, model units (real) */
    int64_t bound;   /* it rounded up to the integer cost unit; -1: none */
    int converged;   /* exact pricing found no column: the bound is the LP's optimum */
    int stopped;     /* the time limit or the cancel flag ended it */
    int columns;     /* columns generated */
    int dropped;     /* ... of which dropped from the master again */
    int iterations;  /* LP solves */
    int exact_calls; /* complete exact pricing rounds */
    int ng;          /* the ng-neighbourhoods' size at the end (halved from opts' when
                        exact pricing made too many labels) */
    double lp_value; /* the last restricted master's value, model units */
    double seconds;  /* wall time */
    char why[160];   /* no bound: why (one phrase) */
} rd_cg_info;

/* Bounds the cost of plans of `m` that serve every task; `plan` (a feasible
 * plan of m) seeds the master. RD_ERR_INPUT naming the feature for a model
 * the bound does not cover (rd_price_unsupported); RD_ERR_NOMEM; RD_OK
 * otherwise, info->has_bound telling whether a bound was proven. */
rd_status rd_cg_bound(const rd_model *m, const rd_solution *plan, const rd_cg_opts *o,
                      rd_cg_info *info, rd_error *err);

/* How many routes some optimal plan of m uses at most, when merging two
 * routes is shown not to cost more (CVRP-like models): one vehicle type,
 * start = end, no windows, shift end, setup or task limit, each capacity
 * dimension only delivered or only picked up, and
 * leg(a, depot) + leg(depot, b) >= leg(a, b) for every two tasks (checked on
 * the matrix: rounded distances may break it). Then 1 + sum over dimensions
 * d of (ceil(2 D_d / Q_d) - 1), D_d the tasks' total, Q_d the capacity.
 * 0: no such count. */
int64_t rd_cg_routes_cap(const rd_model *m);

#endif
