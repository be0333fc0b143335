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
 * Duals are smoothed (Wentges): an exact pricing's point is half the LP's
 * duals and half those of the best bound so far (0 before any bound: L(0) =
 * 0, so the first point is half the LP's duals; a periodic pricing goes to
 * the LP's duals themselves until one there is cut short, which keeps the X
 * instances' early bound). When the heuristic finds no column and the
 * point finds none for the LP's duals either (a mis-price), the next point
 * halves the way to the LP's duals, up to 5 times, each point a bound, then
 * the LP's duals. At the LP's extreme-point duals one exact pricing can take
 * 15 s and more where halfway took under one (R208, RC204: 3 routes over
 * the whole horizon).
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
 * than 30 % of the time so far; such a periodic one may take as long as
 * column generation has run (between 2 and 25 % of the time). Only the
 * first kind shrinks the neighbourhoods when it makes too many labels.
 *
 * The wider heuristic pricing runs when the first finds nothing, unless the
 * last exact pricing took at most 4 times as long as it: then exact pricing
 * (its columns are the best, and it brings a bound) is worth the wait.
 *
 * Subset-row cuts (solver/sr.h): when the LP converges, the three-task
 * subset-row inequalities its solution violates most (by more than 0.05,
 * 16 a round, 128 in all, models of at most 1,000 tasks, 40 rounds at most)
 * join the master as rows <= 1 (when 128 leave no room, the cuts the LP
 * does not hold at 1 go first), and column generation goes on with their duals sigma <= 0 in
 * the pricing (a second visit to a cut's tasks costs -sigma). They hold for
 * every plan (elementary routes, each task once), so the bound stays valid;
 * they close much of the gap the ng-route LP leaves on clustered windows
 * (RC1).
 *
 * The bound: after every exact pricing of every vehicle type with duals pi
 * (and the cuts' sigma),
 *     L(pi) = sum_t pi[t] + sum_c sigma[c] + sum_v K_v * min(0, least reduced cost of v)
 * is a lower bound on the cost of every optimal plan (Lagrangian relaxation
 * of the covering rows and the cuts; the ng-routes include every feasible route) when
 * some optimal plan uses at most K_v routes of type v, whatever pi >= 0: the
 * bound stays valid when the time runs out before the LP converges. K_v is
 * count_v, or rd_cg_routes_cap(m) when that is smaller. The best L is kept;
 * when exact pricing finds no column, L equals the LP's value. Costs are
 * integers, so the bound is rounded up.
 *
 * The shifted bound: K_v can be far above the routes a plan needs (Solomon's
 * fleet of 25 against R208's 3 routes), and then L(pi) is weak until the LP
 * converges. For a resource with weights w (rd_cg_weights: every route keeps
 * sum over its tasks of w_t <= 1), the duals pi'_t = max(0, pi_t - lambda w_t)
 * raise the reduced costs of the long routes, which are those of least
 * reduced cost, most. After an exact pricing, when the routes it returned
 * foresee L(pi') above the best bound by 0.3 % of the LP's value (for the
 * best resource and lambda among their break points), one more exact pricing
 * at pi' (twice at most). Before the cuts above were added, X-n190-k8's
 * bound after 60 s was 12,644 instead of 6,834, and R208's at -l 150 (120 s
 * of column generation) 6,858 of an LP of 6,901.
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
    int no_cuts;                /* 1: no subset-row cuts (for comparisons) */
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
    int shifts;      /* ... of which at shifted duals (the shifted bound, below) */
    int cuts;        /* subset-row cuts in the master */
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

/* The shifted bound's resources: weight vectors w[k * n_tasks + t] >= 0,
 * k < the count returned (at most RD_CG_RESOURCES(m)), such that every
 * feasible route r of every vehicle type has sum_{t in r} w_t <= 1:
 *  - per capacity dimension, deliveries and pickups apart: q_t / Q_v;
 *  - the shift (every type has an end): (service_t + (in_t + out_t) / 2) / H_v,
 *    in_t and out_t the task's shortest leg in and out (a route's legs are at
 *    least half of each visit's shortest leg in plus shortest leg out) and
 *    H_v = tw_end - tw_start;
 *  - the task limit (every type has one): 1 / max_tasks;
 * each the least over the types that can serve t. Resources no task uses
 * are left out. w: caller-allocated, RD_CG_RESOURCES(m) * n_tasks. */
#define RD_CG_RESOURCES(m) (2 * (m)->n_dims + 2)
int rd_cg_weights(const rd_model *m, double *w);

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
