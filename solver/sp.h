/* sp: the set-partitioning ILP over a route pool (GLPK).
 *
 * Chooses routes of the pool so that every task served by the incumbent is
 * served exactly once (tasks the incumbent leaves out may be served at most
 * once), at most `count` routes per vehicle type, at least cost. The
 * incumbent's routes are added to the pool first and injected as GLPK's
 * first integer solution (glp_ios_heur_sol at GLP_IHEUR, MIP presolver off),
 * so the answer is never worse than the incumbent.
 *
 * This file alone includes glpk.h. GLPK aborts the process on misuse, so
 * every argument is validated before a glp_* call: every pool route is
 * re-checked (indices, duplicates, and feasibility with the independent
 * evaluator); a malformed pool is an RD_ERR_INPUT, never a GLPK abort.
 * GLPK's terminal output is switched off. The deadline is enforced through
 * the branch-and-cut callback (glp_ios_terminate) and the simplex time limit,
 * since GLPK's own tm_lim is not honoured everywhere.
 *
 * Thread-safety: one problem per thread (Debian's GLPK keeps its state in
 * thread-local storage). */
#ifndef RD_SP_H
#define RD_SP_H

#include <stdint.h>

#include "model/log.h"
#include "model/model.h"
#include "solver/pool.h"
#include "model/solution.h"

typedef struct rd_sp_info {
    int optimal;             /* 1 when GLPK proved the chosen set optimal for the pool */
    int improved;            /* 1 when the answer is cheaper than the incumbent */
    int64_t gain;            /* by how much (cost units; 0 when not improved) */
    double bound;            /* best lower bound on the pool's optimum (cost units), or -1 */
    int columns;             /* routes in the pool */
    int kept;                /* of them, left in the whole-pool ILP by reduced-cost fixing */
    int whole_lp;            /* 1 when the whole pool's LP relaxation was solved */
    int regions;             /* regional ILPs solved (rd_sp_params.regions) */
    int region_improvements; /* of them, how many lowered the cost */
    double seconds;          /* wall time */
} rd_sp_info;

typedef struct rd_sp_params {
    double time_limit;          /* seconds (> 0) for the whole call; default 10 */
    int64_t max_nodes;          /* branch-and-bound nodes, 0: no limit. A node limit (not
                                   the clock) ends the search deterministically */
    int regions;                /* 1: when the whole pool is not solved to optimality (it
                                   gets whole_share of the time), regional ILPs improve
                                   its answer piece by piece with the rest (see sp.c) */
    double whole_share;         /* with regions: the whole pool's share; default 0.2, 0:
                                   regions only */
    uint64_t region_start;      /* rotates the regions' seed routes between calls */
    int threads;                /* threads for the regional ILPs (one GLPK problem
                                   each); default 1. The answer does not depend on it */
    const rd_log *log;          /* not owned; NULL: silent */
    const volatile int *cancel; /* not owned, or NULL; once *cancel != 0 the call ends as at
                                   its time limit, with the best answer so far */
} rd_sp_params;

/* Fills the defaults. */
void rd_sp_params_init(rd_sp_params *p);

/* Solves the set partitioning of `pool` (the incumbent's routes are added to
 * it) within the limits of `sp`. `out` (cleared first) receives the chosen
 * routes; tasks not covered keep the incumbent's unassigned entries and
 * reasons; out->cost is the plan's cost. RD_ERR_INPUT when the pool or the
 * incumbent is malformed (message names the route), RD_ERR_INTERNAL when
 * GLPK fails, RD_ERR_NOMEM on allocation failure. */
rd_status rd_sp_solve(const rd_model *m, rd_pool *pool, const rd_solution *incumbent,
                      const rd_sp_params *sp, rd_solution *out, rd_sp_info *info, rd_error *err);

#endif
