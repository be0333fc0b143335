/* route: the solution workspace of one search slot, with per-route caches.
 *
 * A workspace holds one route slot per available vehicle (vehicle type v gets
 * min(count, n_tasks) slots, in type order); each slot keeps its vehicle type
 * for life and lists task indices in visiting order. Every route in a
 * workspace is feasible by rd_eval's rules; the search changes routes only
 * through rd_ws_set*, after rd_ws_try said the new route is feasible.
 *
 * Candidate routes are described as a concatenation of segments (pieces of
 * current routes, forward or reversed, and single tasks). rd_ws_try checks
 * one candidate route against every constraint and returns its cost. It reads
 * the caches of the routes the segments come from:
 *  - schedule: departure time after each prefix (forward) and the latest
 *    departure after each prefix that keeps the rest of the route feasible
 *    (backward; exact with several windows per task and setup times, because
 *    the begin time is non-decreasing in the arrival time);
 *  - loads: prefix pickups/deliveries and prefix/suffix maxima of the load
 *    profile (VROOM's rule: the deliveries of a trip are on board at start);
 *  - travel: prefix sums of cost, distance and time, forward and backward;
 *  - shipments: the number of pairs open at each position, so that a segment
 *    that cuts no pair is accepted in O(1); otherwise each shipment half of
 *    the candidate looks its partner up among the segments (O(len · segments)).
 * Skills are checked per task for single tasks and for segments taken from
 * routes of a vehicle type with other skills (a route's own tasks suit its
 * type, and every type with the same skills).
 *
 * Breaks: each route slot of a type with breaks holds all of that type's
 * breaks at all times (rd_ws_clear puts them there); such a route costs 0 and
 * counts as empty while it serves nothing else, and every candidate for the
 * type must keep all its breaks. A break has no location: the vehicle waits
 * there for the break's window if needed, takes it, then drives on to the next
 * task (setup and travel are counted from the last task's location). A
 * reversed segment holding a break is refused.
 *
 * Reloads (tasks of kind RD_TASK_RELOAD, owned by their vehicle type like
 * breaks, but optional): a candidate holding one, or any candidate of a
 * vehicle with end_empty or a shift capacity, has its loads checked trip by
 * trip by walking it (O(len)); the schedule is a task's like any other.
 * So a candidate made of (prefix of a route of the same vehicle type, or of
 * one that starts at the same place and time on the same profile) + (k
 * walked tasks) + (suffix of a route of a type that ends at the same place
 * and time on the same profile) costs O(k + segments) — O(segments) when no
 * window or shift can bind. Reversed segments and other segments of routes
 * of another vehicle type are walked task by task. No allocation in
 * rd_ws_try.
 *
 * rd_route_check is the plain O(len) reference check of a task list, with the
 * evaluator's semantics and no cache.
 *
 * A journal records the routes changed since rd_ws_journal_begin so that
 * rd_ws_journal_revert restores them in O(size of the changed routes).
 *
 * Ownership: rd_ws_init allocates everything the workspace owns (route arrays
 * grow on demand in rd_ws_set*); rd_ws_free releases it. The model is borrowed
 * and must outlive the workspace. A workspace is used by one thread.
 *
 * Files: route.c (the workspace, its caches, changes and undo journal),
 * route_try.c (rd_ws_try*, the scans, the reference check); route_walk.h
 * holds the schedule steps they share.
 */
#ifndef RD_ROUTE_H
#define RD_ROUTE_H

#include <stdint.h>

#include "model/model.h"
#include "model/rng.h"
#include "model/status.h"

#define RD_SEG_MAX 6         /* segments per candidate route */
#define RD_NO_TIME (-RD_INF) /* "no feasible time" in schedule caches */

/* Caches of a route prefix: index i describes the route after its first i tasks. */
typedef struct rd_pos {
    int64_t dep;   /* departure time after the prefix (shift start for i = 0) */
    int64_t prize; /* prizes of the optional tasks of the prefix */
    int64_t ld;    /* latest departure after the prefix keeping the rest feasible (-RD_INF: none) */
    int64_t cost;  /* travel cost of the prefix's arcs, from the start location */
    int64_t dist;  /* travel distance of those arcs */
    int64_t time;  /* travel time of those arcs */
    int64_t rcost; /* cost of the prefix's inner arcs walked backwards (task k -> task k-1) */
    int64_t rdist; /* distance of the same */
    int64_t rtime; /* travel time of the same */
} rd_pos;

typedef struct rd_rwork {
    int vehicle;    /* vehicle type index (fixed for the slot's life) */
    int len;        /* tasks on the route */
    int cap;        /* allocated task positions */
    int *task;      /* [cap] task indices in visiting order */
    rd_pos *pos;    /* [cap + 1] prefix caches */
    int64_t *pick;  /* [(cap + 1) * n_dims] pickups of the first i tasks */
    int64_t *deliv; /* [(cap + 1) * n_dims] deliveries of the first i tasks */
    int64_t *pmax;  /* [(cap + 1) * n_dims] max load over positions 0..i (mixed models only) */
    int64_t *smax;  /* [(cap + 1) * n_dims] max load over positions i..len (mixed models only) */
    int *open;    /* [cap + 1] shipments picked up before position i and delivered at or after it */
    int *nship;   /* [cap + 1] shipment halves among the first i tasks */
    int *nbrk;    /* [cap + 1] breaks among the first i tasks */
    int *nrel;    /* [cap + 1] reloads among the first i tasks */
    int *lastloc; /* [cap + 1] where the vehicle is after the first i tasks (breaks have
                     no location): the last task location, or the start location */
    int64_t cost; /* fixed + travel cost, 0 when empty (cost units) */
    int64_t tcost; /* travel cost including the arc to the end location */
    int64_t tdist; /* travel distance including the arc to the end location */
    int64_t ttime; /* travel time including the arc to the end location */
    int64_t stamp; /* workspace tick of the last change */
} rd_rwork;

typedef struct rd_ws {
    const rd_model *m; /* borrowed, frozen */
    int n_routes;      /* route slots */
    rd_rwork *r;       /* [n_routes] */
    int *type_first;   /* [n_vehicles + 1] slots of type v are type_first[v] .. type_first[v+1]) */
    int *veh_head;     /* [n_vehicles] first type with the same profile, start location and
                          shift start: a prefix of a route of one is cached for the other */
    int *veh_tail;     /* [n_vehicles] first type with the same profile, end location and shift
                          end: a suffix's latest departures hold for both */
    int *veh_skill;    /* [n_vehicles] first type with the same skills */
    int *empty_hint;   /* [n_vehicles] a slot of the type that was empty recently */
    int *route_of;     /* [n_tasks] route slot of each task, -1 when unrouted */
    int *pos_of;       /* [n_tasks] position in its route */
    int need_time;     /* nonzero when some window or shift end can bind */
    int cost_sym;      /* vehicle type 0's cost matrix equals its transpose (1), not (0), or
                          -1: not known yet (the savings builder finds out) */
    int mixed;         /* nonzero when the load is not monotone along a route (some task
                          picks up and some delivers, or shipments) */
    int pairs;         /* nonzero when the model has shipments (precedence checks) */
    int breaks;        /* nonzero when the model has breaks */
    int prizes;        /* nonzero when some task is optional (a prize): a route costs its
                          fixed and travel cost minus the prizes it collects */
    int reloads;       /* nonzero when the model has reloads, end_empty or shift capacities:
                          loads are then checked trip by trip, walking the candidate */
    int64_t cost;      /* sum of route costs */
    int n_routed;      /* mandatory tasks (jobs, shipment halves without prize) in routes */
    int64_t prio_routed; /* sum of their priorities */
    int64_t tick;        /* incremented on every route change */
    int *free_types;     /* [n_vehicles] the types with an unused route slot, ascending, */
    int n_free_types;    /* ... their number, */
    int64_t free_tick;   /* ... listed at this tick (rd_ws_next_free_type) */
    int *buf1, *buf2;    /* [n_tasks] scratch sequences */
    int *buf3;           /* [n_tasks] the candidate, walked with release times */
    int release;         /* nonzero when tasks have release times: candidates are walked
                            whole, each trip leaving at the latest release of its tasks */
    /* journal */
    int jr_on;         /* recording */
    int64_t jr_epoch;  /* current epoch */
    int64_t *jr_saved; /* [n_routes] epoch in which the route was saved */
    int *jr_start;     /* [n_routes] offset of its saved tasks in jr_buf */
    int *jr_len;       /* [n_routes] saved length */
    int *jr_list;      /* [n_routes] saved routes */
    int jr_n;          /* saved routes */
    int jr_used;       /* entries of jr_buf in use */
    int *jr_buf; /* [n_tasks] saved task lists (disjoint: each saved before its first change) */
} rd_ws;

/* Nonzero when route R serves something (a route of a type with breaks
 * always holds its breaks; it counts as empty while it holds nothing else). */
static inline int rd_route_used(const rd_rwork *R) {
    return R->len > R->nbrk[R->len] + R->nrel[R->len];
}

/* A piece of a candidate route. */
typedef struct rd_seg {
    int route; /* route slot supplying positions [a, b), or -1: the single task `a` */
    int a, b;  /* positions [a, b) (route >= 0), or the task (route < 0; b unused) */
    int rev;   /* nonzero: visit positions b-1 down to a */
} rd_seg;

static inline rd_seg rd_seg_part(int route, int a, int b) {
    return (rd_seg){route, a, b, 0};
}
static inline rd_seg rd_seg_rev(int route, int a, int b) {
    return (rd_seg){route, a, b, 1};
}
static inline rd_seg rd_seg_task(int task) {
    return (rd_seg){-1, task, task + 1, 0};
}

/* Allocates a workspace for `m` with every route empty. RD_ERR_NOMEM on failure
 * (the workspace is then freed). O(n_locs² · n_profiles) once, to decide
 * need_time. */
rd_status rd_ws_init(rd_ws *w, const rd_model *m);

/* rd_ws_init with need_time already known (rd_ws_need_time's value): the
 * search slots of one solve scan the matrix once between them. */
rd_status rd_ws_init_known(rd_ws *w, const rd_model *m, int need_time);

/* What rd_ws_init puts in need_time: nonzero when some window, shift end or
 * break can bind. O(n_locs² · n_profiles). */
int rd_ws_need_time(const rd_model *m);

/* Frees what `w` owns. Accepts a zeroed or freed workspace. */
void rd_ws_free(rd_ws *w);

/* Empties every route. */
void rd_ws_clear(rd_ws *w);

/* Checks the route that vehicle type `vehicle` would drive through the
 * concatenation of s[0..ns) (ns <= RD_SEG_MAX; the segments read the current
 * routes). Returns 1 and sets *cost (fixed + travel; 0 for no task) when it is
 * feasible, else 0. Allocation-free; see the header comment for the cost. */
int rd_ws_try(const rd_ws *w, int vehicle, const rd_seg *s, int ns, int64_t *cost);

/* rd_ws_try that also returns 0 when the route costs `bound` or more (then
 * *cost is unspecified). The load totals are checked first (where capacity
 * binds most candidates stop there), then the schedule is walked, and its
 * cost is known before the load profile and the route limits are checked,
 * which saves most of the work on rejected moves. */
int rd_ws_try_below(const rd_ws *w, int vehicle, const rd_seg *s, int ns, int64_t bound,
                    int64_t *cost);

/* A shipment insertion: pickup before position i, delivery before position j
 * (j >= i) of route `route`, changing its cost by `delta`. */
typedef struct rd_pair_ins {
    int route, i, j;
    int64_t delta;
    int first, second; /* the tasks inserted before positions i and j */
} rd_pair_ins;

/* Cheapest insertion of shipment pickup p and its delivery (both not in
 * route r) into route r over every pair of positions i <= j, each pair skipped
 * with probability blink_below / 2^63 when rng is non-NULL; keeps it in *best
 * when cheaper than best->delta (start with route -1, delta RD_INF). Same
 * verdicts and costs as rd_ws_try on the 5-segment candidate, in O(len²):
 * the pickup's prefix comes from the caches, the tasks between the halves
 * are walked once per i, the rest of the route is checked by its latest
 * departure. Allocation-free. */
void rd_ws_scan_pair(const rd_ws *w, int r, int p, rd_rng *rng, int64_t blink_below,
                     rd_pair_ins *best);

/* Cheapest insertion of two tasks a and b (neither in route r) into route r,
 * in either order, over every pair of positions, with the blinking of
 * rd_ws_scan_pair: each candidate checked by rd_ws_try, O(len³). For the
 * reload stop a job needs (and for shipments when loads go by trips). */
void rd_ws_scan_two(const rd_ws *w, int r, int a, int b, rd_rng *rng, int64_t blink_below,
                    rd_pair_ins *best);

/* Replaces route r1 by s1[0..n1) and, when r2 >= 0, route r2 by s2[0..n2),
 * both read before either is written. Tasks that leave both routes become
 * unrouted. Feasibility is the caller's business (rd_ws_try). O(new lengths).
 * RD_ERR_NOMEM when a route array cannot grow (nothing is changed then). */
rd_status rd_ws_set2(rd_ws *w, int r1, const rd_seg *s1, int n1, int r2, const rd_seg *s2, int n2);

/* Replaces route r by s[0..n). */
rd_status rd_ws_set(rd_ws *w, int r, const rd_seg *s, int n);

/* Replaces route r by the task list t[0..len). */
rd_status rd_ws_set_tasks(rd_ws *w, int r, const int *t, int len);

/* Removes the tasks t[0..n) from their routes (unrouted ones are ignored). */
rd_status rd_ws_remove(rd_ws *w, const int *t, int n);

/* A necessary condition for task u to fit somewhere in route r, in
 * O(n_dims): r's vehicle has u's skills and room for one more task, and,
 * for a job in a model without trips, the load at the route's start plus
 * u's delivery and the load at its end plus u's pickup fit the capacity
 * (those two loads grow by them wherever u goes). 0 means u fits nowhere in
 * r; 1 means it may. */
int rd_ws_room(const rd_ws *w, int r, int u);

/* The load totals of route r with job `out` (-1: none) leaving and job `in`
 * (-1: none) joining: its load at the start (deliveries) and at the end
 * (pickups) fit the capacity, a check rd_ws_try makes first. Always 1 with
 * reloads (loads go by trips). O(n_dims). */
int rd_ws_loads_fit(const rd_ws *w, int r, int out, int in);

/* An empty route slot of vehicle type `type`, or -1 when all are used. Amortised O(1). */
int rd_ws_empty_route(rd_ws *w, int type);

/* The first vehicle type >= from with an unused route slot, or -1: the
 * loops that try an empty vehicle of each type walk only these (VROOM's
 * input gives each vehicle a type of its own: with 186 vehicles, all out,
 * trying each took about 7 % of a round). Listed once per route change
 * (w->tick), O(n_routes); a call is then O(log n_vehicles). */
int rd_ws_next_free_type(rd_ws *w, int from);

/* Starts recording the routes changed from now on (forgets earlier records). */
void rd_ws_journal_begin(rd_ws *w);

/* Stops recording and keeps the changes. */
void rd_ws_journal_end(rd_ws *w);

/* Stops recording and restores every route changed since rd_ws_journal_begin. */
void rd_ws_journal_revert(rd_ws *w);

/* Reference check of vehicle type `vehicle` serving t[0..len) in that order,
 * with rd_eval's rules (skills, load, shipments picked up before delivered on
 * the same route, windows, shift, max_tasks, max_travel_time, max_distance).
 * Returns 1 and sets *cost (may be NULL) when feasible. O(len·n_dims), plus
 * O(len²) with shipments. */
int rd_route_check(const rd_model *m, int vehicle, const int *t, int len, int64_t *cost);

/* Begin time of task t for arrival `arr` (first window whose end >= arr), or
 * RD_NO_TIME when every window has ended. */
int64_t rd_task_begin(const rd_model *m, int t, int64_t arr);

/* The latest begin time of task t no later than `limit` (in one of its
 * windows), or RD_NO_TIME when every window opens after it. */
int64_t rd_task_latest_begin(const rd_model *m, int t, int64_t limit);

/* Load change of task t in dimension d as the search's caches count it:
 * a job's pickup, a shipment's amount (+ at its pickup, - at its delivery). */
static inline int64_t rd_task_load_pick(const rd_model *m, int t, int d) {
    return m->task_kind[t] == RD_TASK_DELIVERY ? -rd_model_delivery(m, t)[d]
                                               : rd_model_pickup(m, t)[d];
}

/* Amount of task t on board from the start of the route: a job's delivery
 * (VROOM's rule), 0 for shipment halves. */
static inline int64_t rd_task_load_deliv(const rd_model *m, int t, int d) {
    return m->task_kind[t] == RD_TASK_JOB ? rd_model_delivery(m, t)[d] : 0;
}

#endif
