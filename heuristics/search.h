/* search: one search slot, from an empty plan to the best solution it finds,
 * run in steps so that the pipeline can let slots cooperate between epochs.
 *
 * A slot constructs a solution (Clarke-Wright savings when no task has a
 * time window, time-window-aware insertion otherwise), then improves it by
 * local search and perturbation until its budget is spent: `iterations`
 * improvement rounds, the deadline, or *p->cancel. Everything a slot uses is
 * its own (RNG seeded from (p->seed, slot), workspace allocated here), so
 * several slots may run in parallel threads on one shared, frozen model.
 *
 * The result is written into `out` (cleared first) as a plain rd_solution:
 * every task is in a route or in the unassigned list with a reason. Routes
 * satisfy every constraint the model states (the search only reports feasible
 * plans; tasks it cannot place feasibly are unassigned). out->cost is the
 * objective of the slot's best solution. Returns RD_ERR_NOMEM on allocation
 * failure. */
#ifndef RD_SEARCH_H
#define RD_SEARCH_H

#include <stdint.h>

#include "heuristics/neigh.h"
#include "model/clock.h"
#include "model/model.h"
#include "model/params.h"
#include "model/solution.h"

typedef struct rd_search_stats {
    int64_t iterations;   /* improvement rounds performed */
    int64_t improvements; /* rounds that improved the slot's best */
    int64_t initial_cost; /* cost of the constructed solution */
} rd_search_stats;

/* One slot's state between calls (opaque). */
typedef struct rd_search rd_search;

/* The neighbour lists a slot walks: the granular lists of the local search
 * (time-aware when the model has windows) and the nearest tasks of ruin and
 * recreate. They depend on the model and p->granular only: the slots of one
 * solve share one set (read-only), built once (O(n²): the costliest part of
 * starting a slot on 10^4 tasks). */
typedef struct rd_search_lists {
    rd_neigh granular;
    rd_neigh near;
    int need_time; /* rd_ws_need_time(m) */
    int cost_sym;  /* rd_construct_symmetric of vehicle type 0's costs */
} rd_search_lists;

/* Builds the lists on `threads` threads; RD_ERR_NOMEM (nothing to free then). */
rd_status rd_search_lists_build(const rd_model *m, const rd_params *p, int threads,
                                rd_search_lists *out);

/* Frees the lists. Accepts a zeroed or freed struct. */
void rd_search_lists_free(rd_search_lists *l);

/* Creates slot `slot` for model `m` (borrowed; must outlive the slot) and
 * params `p` (copied), walking `lists` (borrowed, must outlive the slot; NULL:
 * the slot builds its own): seeds its RNG from (p->seed, slot), builds the initial
 * plan and improves it by local search (stopping early at the deadline or on
 * cancel). `dl` (may be NULL) is the whole solve's deadline, copied: it also
 * paces the acceptance schedule of a time-limited run. *out receives the
 * slot; RD_ERR_NOMEM on allocation failure. */
rd_status rd_search_create(const rd_model *m, const rd_params *p, int slot, const rd_deadline *dl,
                           const rd_search_lists *lists, rd_search **out, rd_error *err);

/* Frees the slot. Accepts NULL. */
void rd_search_destroy(rd_search *s);

/* Runs improvement rounds until the slot has done `until` rounds in total,
 * its iteration budget (rd_params_iterations) is spent, the deadline `dl`
 * (may be NULL) passes, or *p->cancel is set. The acceptance schedule follows
 * the progress of the whole budget (rounds / budget, or the deadline's time
 * fraction when only a time limit is set). *done = 1 when the slot's budget
 * is spent or it was stopped (further calls return at once). */
rd_status rd_search_run_until(rd_search *s, int64_t until, const rd_deadline *dl, int *done,
                              rd_error *err);

/* Rounds done so far. */
int64_t rd_search_iterations(const rd_search *s);

/* What the slot's best plan leaves out, one key to minimise (the first
 * criterion of the objective, before cost): (sum of the priorities of the
 * servable tasks left out) × (servable tasks + 1) + their number. */
int64_t rd_search_best_missed(const rd_search *s);

/* The cost of the slot's best plan. */
int64_t rd_search_best_cost(const rd_search *s);

/* Writes the slot's best plan into `out` (cleared first): routes, and every
 * task not routed in the unassigned list with its reason; out->cost is its
 * cost. */
rd_status rd_search_best(const rd_search *s, rd_solution *out);

/* Ends the slot's search: loads its best plan, puts in every left-out task
 * that fits anywhere (every position of every route and of one free vehicle
 * of each type; the highest priority first; an optional task only where it
 * pays), keeps the result when it is better, and records why each servable
 * task is still out, which rd_search_best then reports: "no room left in the
 * plan: every vehicle that can serve it is in use and has too much on board
 * for it" (every route of a vehicle with its skills has too much on board at
 * its start or end), "no room left in the plan: it fits in no route ...", or
 * for an optional task that fits somewhere, "optional: its prize does not pay
 * for its detour". Without it a servable task left out is reported "no room
 * left in the plan". The current plan is replaced by the best. O(left-out
 * tasks · total route length) route checks. RD_ERR_NOMEM on failure. */
rd_status rd_search_finish(rd_search *s);

/* Makes the best plan of `from` (a slot of the same model) this slot's
 * current and best plan. The cooperation step between epochs; the caller
 * runs it single-threaded in a fixed order. */
rd_status rd_search_adopt(rd_search *s, const rd_search *from);

/* Where the logged routes go: one call per route (vehicle type, tasks,
 * cost); returns -1 when memory ran out, else >= 0. */
typedef int (*rd_route_sink)(void *ctx, int vehicle, const int *tasks, int len, int64_t cost);

/* Hands the routes the slot logged since the last call (the changed routes of
 * accepted plans within 0.5 % of its best; logged only when p->sp_share > 0)
 * to `sink`, in the order they were found, and forgets them. Returns -1 when
 * a sink call reported memory running out, else 0. Single-threaded: the
 * pipeline drains the slots in slot order into its route pool. */
int rd_search_drain_routes(rd_search *s, rd_route_sink sink, void *ctx);

/* Makes the plain plan `sol` (feasible, of the same model: a set-partitioning
 * answer) this slot's current and best plan. Single-threaded, as adopt. */
rd_status rd_search_adopt_solution(rd_search *s, const rd_solution *sol);

/* Statistics of the slot. */
void rd_search_get_stats(const rd_search *s, rd_search_stats *stats);

/* Convenience: create, run the whole budget, write the best plan into `out`,
 * destroy. */
rd_status rd_search_run(const rd_model *m, const rd_params *p, int slot, const rd_deadline *dl,
                        rd_solution *out, rd_search_stats *stats, rd_error *err);

#endif
