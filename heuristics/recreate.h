/* recreate: greedy insertion with blinks (SISR, Christiaens & Vanden Berghe 2020).
 *
 * The tasks to insert are sorted by one order drawn with weights 4 / 4 / 2 / 1:
 * random, largest demand first (sum of pickups and deliveries over all
 * dimensions), farthest from the depot first, closest to the depot first (the
 * travel cost from vehicle type 0's start, or its end for open starts). Ties
 * are broken at random. When tasks have priorities, the order is then sorted
 * by priority, highest first (VROOM serves priority first), and among equal
 * priorities the tasks the plan left out longest (`absent`) go first, so that
 * a task that does not fit gets the first pick of the room a ruin made
 * (SISR's fleet minimisation sorts by absence the same way). A shipment goes
 * in with its pickup: pickup and delivery positions over every pair (i <= j)
 * of positions of the candidate routes, each pair blinked. Each task then goes where it costs least
 * over every position of the candidate routes and one empty route of each vehicle type, each
 * position being skipped ("blinked") with probability `blink`. The candidate routes are every
 * non-empty route, or, when near_routes > 0, the routes of the task's first near_routes neighbours
 * (every route when none of those has a feasible position). Positions are checked with
 * rd_ws_try_below, so the workspace stays feasible and nothing is allocated but route growth.
 * A route whose vehicle lacks the task's skills, has no room for one more task, or (routes
 * without trips) has too much on board at its start or end for the task's amounts is skipped
 * at once (may_fit), so a task that fits nowhere costs O(routes) to find out.
 * An optional task (a prize) goes in only where it lowers cost - prizes. A new route is never
 * worth one prize, so when an optional task pays nowhere, a route is opened for it when it pays
 * together with its nearest left-out optional tasks (seed_route: u alone in the cheapest empty
 * route, then the neighbour that lowers cost - prizes most, and so on; the route stays only if
 * it ends up paying), at most twice per run.
 *
 * Ownership: rd_recreate_init allocates per-task keys and per-route marks;
 * rd_recreate_free releases them. One rd_recreate per workspace / thread. */
#ifndef RD_RECREATE_H
#define RD_RECREATE_H

#include <stdint.h>

#include "heuristics/neigh.h"
#include "heuristics/route.h"
#include "model/clock.h"
#include "model/rng.h"

typedef struct rd_recreate_params {
    double blink;    /* probability of skipping a position (paper: 0.01) */
    int weight[4];   /* weights of the orders random, demand, far, close (paper: 4 4 2 1) */
    int near_routes; /* > 0: only the routes of that many nearest tasks first; 0: all routes */
} rd_recreate_params;

typedef struct rd_recreate_item {
    int64_t key; /* sort key, ascending */
    int tie;     /* random rank among equal keys */
    int task;    /* the task */
} rd_recreate_item;

typedef struct rd_recreate {
    int64_t *demand;                 /* [n_tasks] total amount of the task */
    int64_t *far;                    /* [n_tasks] travel cost from the depot */
    rd_recreate_item *item;          /* [n_tasks] scratch sort buffer */
    int64_t *mark;                   /* [n_routes] task stamp for which the route is a candidate */
    int *cand;                       /* [n_routes] candidate routes of the current task */
    int64_t stamp;                   /* incremented per inserted task */
    int64_t blink_below;             /* blink as a threshold on 63 random bits */
    int *absent;                     /* [n_tasks] rounds the task stayed out of the plan (the caller
                                        counts them; SISR's absence counter) */
    int prioritised;                 /* nonzero when some task has a priority */
    const unsigned char *may_insert; /* [n_tasks] borrowed: tasks some vehicle can serve (jobs
                                        and pickups); NULL: no route is opened for prizes */
    int *keep;                       /* [n_tasks] scratch: an empty route's breaks */
} rd_recreate;

/* Fills `pp` with the paper's values (blink 0.01, weights 4 4 2 1, all routes). */
void rd_recreate_params_init(rd_recreate_params *pp);

/* Allocates the state for workspace `w`. RD_ERR_NOMEM on failure. O(n_tasks · n_dims). */
rd_status rd_recreate_init(rd_recreate *rc, const rd_ws *w);

/* Frees what `rc` owns. Accepts a zeroed or freed struct. */
void rd_recreate_free(rd_recreate *rc);

/* Inserts the unrouted tasks t[0..n) (the array is reordered) as described
 * above; `near` supplies the neighbour lists used with near_routes. Tasks with
 * no feasible position stay unrouted. Checks `dl` and `cancel` (either may be
 * NULL) every few tasks; when one fires it returns at once with *stopped = 1,
 * leaving the remaining tasks unrouted. RD_ERR_NOMEM when a route cannot grow. */
rd_status rd_recreate_run(rd_recreate *rc, rd_ws *w, const rd_neigh *near, rd_rng *rng,
                          const rd_recreate_params *pp, int *t, int n, const rd_deadline *dl,
                          const volatile int *cancel, int *stopped);

#endif
