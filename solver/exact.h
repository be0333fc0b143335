/* exact: proven optima for small instances by route enumeration + set
 * partitioning.
 *
 * Every feasible route is enumerated for each vehicle type by a labelling
 * algorithm: a label is a partial route (task set S, last task, cost,
 * departure time); labels are extended task by task and, per (S, last),
 * only the labels not dominated in (cost, departure) are kept (exact: a
 * later departure never makes a completion cheaper or more feasible, since
 * the begin time at a task is non-decreasing in its arrival). Each label that
 * can return to the vehicle's end becomes a route, checked again with the
 * plain route check, and the cheapest sequence of each set goes into a route
 * pool. The set-partitioning ILP over that complete pool (solver/sp.h) then
 * gives the optimum of the instance, and its LP/branch bound a valid lower
 * bound when time runs out.
 *
 * Sizes: practical up to roughly 15–25 customers, depending on how many tasks
 * fit in a route (capacity, windows): the labels grow with the number of
 * feasible task sets. Beyond RD_EXACT_MAX_LABELS labels or
 * RD_EXACT_MAX_ROUTES task sets the enumeration stops with an error naming
 * the route length it reached.
 *
 * Shipments, breaks, reloads and prizes are not handled (an error says so). */
#ifndef RD_EXACT_H
#define RD_EXACT_H

#include <stdint.h>

#include "model/log.h"
#include "model/model.h"
#include "model/solution.h"

#define RD_EXACT_MAX_LABELS 3000000 /* partial routes kept in memory (~100 MB) */
#define RD_EXACT_MAX_ROUTES 500000  /* distinct task sets (ILP columns) */
#define RD_EXACT_MAX_TASKS  64      /* task sets are 64-bit masks */

typedef struct rd_exact_info {
    int optimal;         /* 1: the answer is proven optimal (bound == cost) */
    double bound;        /* lower bound on the optimum (cost units), or -1 */
    int64_t labels;      /* partial routes generated */
    int64_t routes;      /* distinct feasible task sets (pool columns) */
    double enum_secs;    /* enumeration time */
    double seconds;      /* total time */
    char cut[160];       /* empty, or why the enumeration did not finish (the time limit or
                          * *cancel): then `out` is the incumbent and bound is -1 */
    char too_large[224]; /* empty, or why the enumeration stopped at RD_EXACT_MAX_LABELS
                          * or _ROUTES (then RD_ERR_INPUT, its message "--exact: " this) */
    int by_cg;           /* (solver/run.c) the bound is column generation's instead: the
                          * enumeration was too large; the plan is the incumbent */
} rd_exact_info;

/* Solves `m` exactly within `time_limit` seconds (> 0), starting from the
 * feasible plan `incumbent` (a heuristic's answer; never returned worse).
 * `out` receives the best plan found. Once *cancel (not owned; NULL: none)
 * is set, the call ends as at its time limit: during the set partitioning
 * with the best plan and bound so far; when the enumeration had not finished
 * (time or cancel), RD_OK with the incumbent, no bound and info->cut saying
 * why. RD_ERR_INPUT when the model is out of the exact mode's reach (too many
 * tasks, labels or feasible task sets, shipments, prizes), with a message
 * saying why; RD_ERR_NOMEM on allocation failure. */
rd_status rd_exact_solve(const rd_model *m, const rd_solution *incumbent, double time_limit,
                         const volatile int *cancel, const rd_log *log, rd_solution *out,
                         rd_exact_info *info, rd_error *err);

#endif
