/* price: the pricing problem of column generation (solver/cg.h): the route
 * of one vehicle type with the most negative reduced cost, by labelling.
 *
 * A route of vehicle type v starts at its start location at its shift start
 * and visits tasks; its reduced cost is
 *     fixed cost + sum of its legs' costs - sum of pi[t] over its visits
 * (the fleet row's dual is the caller's). The labels follow the model's own
 * arithmetic (model/eval.c): a task's service begins in its first window
 * that ends at or after the arrival (waiting allowed), setup is paid when the
 * location changes, the route ends at the end location by the shift end;
 * max_tasks is kept. Loads are relaxed to what every feasible route keeps:
 * in each dimension the deliveries of the route and, apart, its pickups fit
 * the capacity (exact for tasks that only deliver or only pick up, as in
 * CVRP and VRPTW).
 *
 * Routes are ng-routes (Baldacci, Mingozzi, Roberti 2011): each task t has a
 * neighbourhood N(t) of its `ng` nearest tasks (t included); a label
 * remembers the tasks of its recent visits that are in the neighbourhood of
 * every later one, and may not visit them again. With ng >= the number of
 * tasks every route is elementary. Every feasible elementary route is an
 * ng-route, so the minimum over ng-routes is a lower bound on the minimum
 * over feasible routes: what a Lagrangian bound needs.
 *
 * Dominance: at one task, a label with no more cost, an earlier departure,
 * no more load in each dimension and counter, and a memory that is a subset
 * of the other's, dominates it.
 *
 * Subset-row cuts (rd_price_opts.cuts): a label keeps, per cut, whether it
 * has visited the cut's tasks an odd number of times, and pays -dual on each
 * second visit; a join pays it for each cut both halves visited an odd
 * number of times. A label dominates another only with its cost plus the
 * duals of the cuts where it is odd and the other even (Jepsen et al. 2008).
 * The completion bounds leave the cuts out (they only add cost). When time constrains nothing (no
 * window the shift does not hold, no shift end) departures are not compared.
 *
 * Exact mode labels from both ends when it can (Righini, Salani 2006):
 * forward from the start while a critical resource (time when time binds,
 * else the load) is at most a half-way point, backward from the end (latest
 * begin of service, load) while it is beyond, then joins a forward and a
 * backward label on every arc where their memories are disjoint and the
 * time, loads and task count fit. The half-way point moves between calls to
 * balance the two directions' labels. Not with setup times (a task's time
 * would depend on its predecessor, which a backward label does not know).
 * Travel durations to the end and from the start are bounded below by
 * shortest paths (a matrix need not keep the triangle inequality).
 *
 * Exact mode does not make a label whose reduced cost plus its completion
 * bound (solver/compl.h) cannot beat the least reduced cost found so far,
 * nor `below`. Each task's labels are kept cheapest first with their
 * memories as bit masks over the task's neighbourhood: a new label is
 * compared with the cheaper ones only, and a label is dropped when it is
 * popped if a cheaper one made since dominates it.
 *
 * Heuristic mode (exact = 0): each label extends to its `arcs` cheapest
 * successors by reduced arc cost and each task keeps at most `keep` labels:
 * fast, but it may miss the minimum. Exact mode: every extension, every
 * undominated label; it gives up (complete = 0) when it would hold more than
 * max_labels labels or the deadline passes.
 *
 * Ownership: an rd_pricer holds its workspace for one model and vehicle
 * type (create once, price many times with new duals). Not thread-safe per
 * pricer; distinct pricers may run in parallel. */
#ifndef RD_PRICE_H
#define RD_PRICE_H

#include <stdint.h>

#include "model/clock.h"
#include "model/model.h"
#include "model/status.h"
#include "solver/sr.h"

/* Subset-row cuts a pricing call takes into account, at most. */
#define RD_PRICE_MAX_CUTS 128 /* (a multiple of 64) */

typedef struct rd_pricer rd_pricer;

/* A route the pricer found. */
typedef struct rd_priced {
    int len;      /* visits */
    int *visits;  /* task indices, in order (owned by the pricer: copy before the next call) */
    double rc;    /* its reduced cost (fleet dual not subtracted) */
    int64_t cost; /* its cost in model units: fixed + legs */
} rd_priced;

typedef struct rd_price_opts {
    int exact;               /* 1: the minimum over all ng-routes, or complete = 0 */
    int forward_only;        /* exact: no bidirectional labelling (for tests) */
    int arcs;                /* heuristic: successors tried per label (default 10) */
    int keep;                /* heuristic: labels kept per task (default 16) */
    int64_t max_labels;      /* exact: give up beyond this many labels (default 2,000,000) */
    int max_routes;          /* routes returned at most (those of least reduced cost) */
    double below;            /* only routes with reduced cost < below are returned; exact mode
                                may skip the others (min_rc is exact only when below it) */
    int n_cuts;              /* subset-row cuts (solver/sr.h), at most RD_PRICE_MAX_CUTS: a route's
                                reduced cost also subtracts cut_duals[c] * rd_sr_coef(cuts[c]) */
    const rd_sr_cut *cuts;   /* [n_cuts] (not owned) */
    const double *cut_duals; /* [n_cuts] their duals, <= 0 (not owned) */
} rd_price_opts;

/* What a pricing call found. */
typedef struct rd_price_result {
    int complete;      /* exact mode ran to the end: min_rc is the minimum when it is
                          below opts.below (else the minimum is at least opts.below) */
    double min_rc;     /* least reduced cost of a route found (+inf: none) */
    int n;             /* routes returned, least reduced cost first */
    rd_priced *routes; /* [n], owned by the pricer (valid until the next call) */
    int64_t labels;    /* labels created */
} rd_price_result;

/* A pricer for vehicle type v with neighbourhoods of `ng` tasks. Tasks the
 * type cannot serve (skills) are left out. NULL out of memory. */
rd_pricer *rd_pricer_create(const rd_model *m, int v, int ng);

void rd_pricer_destroy(rd_pricer *p);

/* Rebuilds the neighbourhoods with `ng` tasks (a smaller ng: fewer labels, a
 * weaker relaxation; 1: no memory beyond the last visit). */
void rd_pricer_set_ng(rd_pricer *p, int ng);
int rd_pricer_ng(const rd_pricer *p);

/* Prices with duals pi[0..n_tasks) (only job tasks count). `dl` (may be
 * NULL) ends an exact call. RD_ERR_NOMEM, else RD_OK with *res filled. */
rd_status rd_pricer_run(rd_pricer *p, const double *pi, const rd_price_opts *o,
                        const rd_deadline *dl, rd_price_result *res, rd_error *err);

/* Whether column generation's bound holds for `m` as the pricer models it:
 * only jobs (no shipments, breaks, reloads, optional tasks, release times,
 * unreachable tasks), no max_travel_time or max_distance. Returns NULL when
 * it does, else the feature that is not supported ("shipments", ...). */
const char *rd_price_unsupported(const rd_model *m);

#endif
