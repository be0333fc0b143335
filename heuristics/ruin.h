/* ruin: adjacent string removal (SISR, Christiaens & Vanden Berghe 2020).
 *
 * A round picks a routed seed task at random and walks its nearest tasks in
 * order of travel cost (the seed first). From each route met that was not
 * ruined yet in this round it removes one string of consecutive tasks that
 * contains the task met, until k_s routes are ruined:
 *   l_s_max = min(max_string, average tasks per used route),
 *   k_s_max = 4·avg_removed / (1 + l_s_max) - 1,
 *   k_s     = floor(U(1, k_s_max + 1)),
 *   string length l = floor(U(1, min(|route|, l_s_max) + 1)).
 * With probability split_rate the "split string" variant is used instead: a
 * span of l + m tasks is cut out of which m consecutive tasks are kept, where
 * m starts at 1 and grows by one while U(0,1) >= split_depth and
 * l + m < |route|.
 *
 * A removal is applied only when the shortened route is still feasible
 * (rd_ws_try), so the workspace's feasible-only invariant holds even on
 * matrices without the triangle inequality.
 *
 * Ownership: rd_ruin_init borrows the neighbour lists (nearest tasks by
 * travel cost, without the time-window term: they must outlive the state)
 * and allocates a per-route mark and scratch;
 * a string that takes one half of a shipment takes the other half too (it is
 * on the same route), so the route keeps only whole pairs;
 * rd_ruin_free releases them. One rd_ruin per workspace / thread. */
#ifndef RD_RUIN_H
#define RD_RUIN_H

#include <stdint.h>

#include "heuristics/neigh.h"
#include "heuristics/route.h"
#include "model/rng.h"

typedef struct rd_ruin_params {
    double avg_removed; /* c̄: average number of tasks removed per round */
    int max_string;     /* L_max: longest string removed from one route */
    double split_rate;  /* probability of the split-string variant (paper: 0.5) */
    double split_depth; /* β: chance to stop growing the kept part (paper: 0.01) */
} rd_ruin_params;

typedef struct rd_ruin {
    const rd_neigh *near; /* borrowed: nearest tasks by travel cost, no time-window term */
    int64_t *mark;        /* [n_routes] round in which the route was ruined */
    int64_t round;        /* current round */
    int n_routes;         /* route slots of the workspace */
    int *cut;             /* [n_tasks] tasks removed from one route (scratch) */
    int *keep;            /* [n_tasks] tasks kept on it (scratch, shipments only) */
    int64_t *tmark;       /* [n_tasks] cut stamp per task (shipments only) */
    int64_t tstamp;       /* current cut stamp */
} rd_ruin;

/* Fills `rp` with the paper's values (c̄ = 10, L_max = 10, 0.5, 0.01). */
void rd_ruin_params_init(rd_ruin_params *rp);

/* Builds the state for workspace `w`, walking the lists `near` (borrowed).
 * RD_ERR_NOMEM on failure (nothing to free then). */
rd_status rd_ruin_init(rd_ruin *ru, const rd_ws *w, const rd_neigh *near);

/* Frees what `ru` owns. Accepts a zeroed or freed struct. */
void rd_ruin_free(rd_ruin *ru);

/* Removes strings from the routes of `w` as described above and appends the
 * removed tasks to out[*n_out ..]. The walk starts at task `around` (routed
 * or not: its neighbours' routes are ruined, which makes room near a task the
 * plan leaves out) or, when around < 0, at a random routed task. `out` must
 * have room for every task.
 * Does nothing when no task is routed. Allocation-free except for route
 * growth in rd_ws_set; RD_ERR_NOMEM then. O(near + removed·segments). */
rd_status rd_ruin_strings(rd_ruin *ru, rd_ws *w, rd_rng *rng, const rd_ruin_params *rp, int around,
                          int *out, int *n_out);

#endif
