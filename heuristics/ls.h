/* ls: first-improvement local search over granular neighbours.
 *
 * For each task u (in an order shuffled by the caller's RNG) and each of its
 * granular neighbours v, the moves below are tried and the first one that
 * lowers the plan cost while keeping both routes feasible (rd_ws_try) is
 * applied:
 *  - relocate u right after v, or right before v;
 *  - swap u and v;
 *  - 2-opt* between two routes: tails exchanged so that u is followed by v,
 *    or v by u;
 *  - 2-opt inside one route: the part between u and v reversed so that they
 *    become adjacent;
 *  - relocate u into an empty route of each vehicle type.
 * Pairs whose routes did not change since u was last examined are skipped
 * (route time stamps), so a run after a small perturbation costs little.
 * The search stops at a local optimum, or at once when the deadline passes or
 * *cancel becomes nonzero (checked every few tasks); the plan is feasible at
 * every point. Move evaluation does not allocate.
 *
 * Ownership: rd_ls_init allocates the per-task arrays, rd_ls_free releases
 * them. One rd_ls per workspace / thread. */
#ifndef RD_LS_H
#define RD_LS_H

#include <stdint.h>

#include "heuristics/neigh.h"
#include "heuristics/route.h"
#include "solver/clock.h"
#include "solver/rng.h"

typedef struct rd_ls {
    int n;              /* tasks */
    int64_t *last_test; /* [n] workspace tick when u's moves were last all tried */
    int *order;         /* [n] task order of the current run */
    int64_t moves;      /* moves applied over all runs */
} rd_ls;

rd_status rd_ls_init(rd_ls *ls, const rd_model *m);
void rd_ls_free(rd_ls *ls);

/* Improves `w` until no move applies or the run is stopped (then *stopped = 1).
 * `dl` and `cancel` may be NULL. RD_ERR_NOMEM when a route cannot grow. */
rd_status rd_ls_run(rd_ls *ls, rd_ws *w, const rd_neigh *nb, rd_rng *rng, const rd_deadline *dl,
                    const volatile int *cancel, int *stopped);

#endif
