/* model: the frozen problem instance shared read-only by every search thread.
 *
 * A model is built once by a reader (io/), checked by rd_model_validate(),
 * and never changed afterwards. Everything is integer: times and distances in
 * the model's units (benchmark formats: instance units × `scale`, so that the
 * format's rounding convention is exact; JSON: seconds and metres), amounts in
 * integer units, costs in int64 cost units.
 *
 * Vocabulary:
 *  - location: a point of the travel matrices (index 0..n_locs-1).
 *  - task: something a vehicle serves at one location: a job, or one half of
 *    a shipment; or a break of one vehicle type (no location: the vehicle
 *    stays where it is, takes the break within its windows, then drives on). Tasks are stored as a
 * struct of arrays (task_*), index 0..n_tasks-1; `task_id` keeps the id of the input (benchmark
 * customer number or JSON id).
 *  - vehicle type: a vehicle description with a `count` of identical vehicles
 *    (benchmarks: one type with the fleet size; JSON: one type per vehicle).
 *  - facility: an unloading point. A vehicle type that may reload there gets
 *    reload tasks (RD_TASK_RELOAD, owner the type; one per facility and
 *    possible visit): a route may visit any of them, and each cuts the route
 *    into trips. Loads are checked per trip: the deliveries of a trip's jobs
 *    are on board when it starts, pickups accumulate, everything picked up is
 *    unloaded at the reload; a shipment lies within one trip. Breaks and
 *    reloads are "owned" tasks: never served for their own sake, never
 *    unassigned.
 *
 * Ownership: rd_model_create() returns a model that owns every array in it;
 * rd_model_destroy() frees them. Readers fill the arrays allocated by
 * rd_model_alloc(). After rd_model_validate() succeeds the model must not be
 * modified; it is then safe to share between threads. */
#ifndef RD_MODEL_H
#define RD_MODEL_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "model/status.h"

/* "No limit" for times, distances and counts; sums of a few stay finite. */
#define RD_INF      (INT64_MAX / 4)
#define RD_MAX_DIMS 8 /* capacity dimensions supported */

/* Distance conventions of the benchmark formats (see README "Conventions"). */
typedef enum rd_round {
    RD_ROUND_NONE = 0, /* matrices given as integers (JSON) */
    RD_ROUND_NINT,     /* TSPLIB EUC_2D: nearest integer; scale 1 */
    RD_ROUND_TRUNC1,   /* DIMACS: one decimal, truncated; scale 10: d×10 = floor(√(100·d²)) */
    RD_ROUND_EXACT     /* double-precision distance; stored as round(d × 10^6) */
} rd_round;

/* The convention's name ("nint", "trunc1", "exact", "none"). */
const char *rd_round_name(rd_round r);

/* Kind of a task. */
typedef enum rd_task_kind {
    RD_TASK_JOB = 0,      /* a single stop */
    RD_TASK_PICKUP = 1,   /* first half of a shipment; task_pair is its delivery */
    RD_TASK_DELIVERY = 2, /* second half of a shipment; task_pair is its pickup */
    RD_TASK_BREAK = 3,    /* a driver's break: no location (task_loc -1), served by the
                             vehicle type task_owner only, in every route of it that
                             serves anything */
    RD_TASK_RELOAD = 4    /* an optional unloading stop of vehicle type task_owner at a
                             facility (task_loc its location, task_id its id, service
                             and windows its own): ends a trip (see rd_model) */
} rd_task_kind;

/* The length d (instance units, d >= 0) in model units under convention r:
 * nint (int)(d + 0.5), trunc1 floor(10 d) (with 1e-9 of slack for the
 * binary representation), exact llround(10^6 d), none llround(d).
 * Non-decreasing in d. */
static inline int64_t rd_round_length(rd_round r, double d) {
    switch (r) {
    case RD_ROUND_TRUNC1: return (int64_t)floor(10.0 * d + 1e-9);
    case RD_ROUND_EXACT: return llround(1e6 * d);
    case RD_ROUND_NINT: return (int64_t)(d + 0.5);
    default: return llround(d);
    }
}

/* floor(sqrt(v)) for 0 <= v < 2^62, exact. */
static inline int64_t rd_isqrt64(int64_t v) {
    int64_t r = (int64_t)sqrt((double)v);
    while (r > 0 && r * r > v) r--;
    while ((r + 1) * (r + 1) <= v) r++;
    return r;
}

/* Coordinates this large or smaller are exact integers in int64 arithmetic
 * (trunc1's exact integer square root: 100·(dx² + dy²) stays below 2^62). */
#define RD_INT_COORD_MAX 1e7

/* A source of lengths for travel computed on demand from coordinates other
 * than the benchmarks' plane (JSON coordinates solved offline: geodesics or a
 * projected CRS): length(ctx, i, j) is the length between locations i < j in
 * metres, computed by the reader's code (the model does not know PROJ). One
 * source is shared by the model's matrices; the model owns it (ctx_free(ctx)
 * when the model is destroyed). length() must be safe to call from several
 * threads at once. */
typedef struct rd_lengths {
    int n; /* locations */
    double (*length)(const void *ctx, int i, int j);
    void *ctx;
    void (*ctx_free)(void *ctx);
    /* A plane for spatial indexes (neighbour lists): points (px[i], py[i]),
     * metres, such that length(i, j) >= lb · hypot(px[i] - px[j], py[i] -
     * py[j]) for every pair; lb 0 (px, py NULL) when the source has none.
     * The arrays belong to ctx. */
    const double *px, *py;
    double lb;
} rd_lengths;

/* Remembered values of a matrix on lengths (opaque, model.c). */
typedef struct rd_len_cache rd_len_cache;

/* A travel matrix, n × n, int64, in one of three forms:
 *  - dense: row-major values `v`;
 *  - Euclidean on demand (v NULL, x set): the distance between (x[i], y[i])
 *    and (x[j], y[j]) under the convention `round`, the same value the dense
 *    matrix of a coordinate input holds (rd_matrix_euclid);
 *  - on lengths (v and x NULL, len set): for the length d of the pair
 *    (rd_lengths, smaller index first), a·⌊d·per_m + ½⌋ + b·⌊d + ½⌋, the
 *    arithmetic of the dense matrices a JSON reader builds from the same
 *    coordinates (durations: a = time units per second, b = 0; distances:
 *    a = 0, b = 1; costs: both), 0 on the diagonal; the rounded figures of
 *    a pair are remembered in a cache shared by the profile's matrices and
 *    by the threads (rd_matrix_len).
 * Every on-demand form is symmetric. Owned by the model. Access through
 * rd_matrix_at() only. */
typedef struct rd_matrix {
    int n;        /* dimension (number of locations) */
    int64_t *v;   /* n*n values, v[i*n + j] = travel from i to j; NULL: on demand */
    int borrowed; /* nonzero: v belongs to another matrix of the model (not freed) */
    /* Euclidean on demand: the model's coordinates (not owned) and the convention */
    const double *x, *y;
    rd_round round;
    int integral; /* every coordinate an integer within RD_INT_COORD_MAX: trunc1 exact */
    /* on lengths: the model's source (not owned), the formula, the cache
     * shared by the profile's three matrices (owned by its distances) */
    const rd_lengths *len;
    double per_m; /* seconds per metre (detour / speed) */
    int64_t a, b;
    rd_len_cache *cache;
    int owns_cache;
} rd_matrix;

/* The Euclidean travel between locations i and j of an on-demand matrix. */
static inline int64_t rd_matrix_euclid(const rd_matrix *m, int i, int j) {
    double dx = m->x[i] - m->x[j], dy = m->y[i] - m->y[j];
    if (m->round == RD_ROUND_TRUNC1 && m->integral) {
        int64_t ix = (int64_t)dx, iy = (int64_t)dy;
        return rd_isqrt64(100 * (ix * ix + iy * iy));
    }
    return rd_round_length(m->round, sqrt(dx * dx + dy * dy));
}

/* The travel of a matrix on lengths for a pair of rounded length dist =
 * ⌊d + ½⌋ and rounded travel time dur = ⌊d·per_m + ½⌋. */
static inline int64_t rd_matrix_len_of(const rd_matrix *m, int64_t dist, int64_t dur) {
    return (m->b ? m->b * dist : 0) + (m->a ? m->a * dur : 0);
}

/* The travel of a matrix on lengths for a pair of length d (metres). */
static inline int64_t rd_matrix_len_value(const rd_matrix *m, double d) {
    return rd_matrix_len_of(m, (int64_t)(d + 0.5), (int64_t)(d * m->per_m + 0.5));
}

/* The travel between locations i and j of a matrix on lengths: from the
 * cache when it holds the pair, else computed and remembered. Lock-free: one
 * atomic word per entry holds the value and the part of the pair's key that
 * the entry's position does not give, so a reader never mixes two pairs. */
int64_t rd_matrix_len(const rd_matrix *m, int i, int j);

static inline int64_t rd_matrix_at(const rd_matrix *m, int i, int j) {
    if (m->v) return m->v[(size_t)i * (size_t)m->n + (size_t)j];
    if (m->x) return rd_matrix_euclid(m, i, j);
    return rd_matrix_len(m, i, j);
}

/* An upper bound of the matrix's entries: the largest entry of a dense
 * matrix (O(n²)), the rounded diagonal of the coordinates' bounding box of
 * a Euclidean one, the travel of twice the longest length from location 0
 * of one on lengths (the triangle inequality; O(n)). */
int64_t rd_matrix_max(const rd_matrix *m);

typedef struct rd_vehicle {
    int64_t id;              /* id in the input (benchmarks: 1) */
    int count;               /* identical vehicles of this type available, >= 1 */
    int start_loc;           /* location where routes start; -1: open start */
    int end_loc;             /* location where routes end; -1: open end */
    int64_t tw_start;        /* shift start (model time units) */
    int64_t tw_end;          /* shift end: the route must end by then */
    int64_t fixed_cost;      /* cost units per route used */
    int64_t max_tasks;       /* tasks per route; RD_INF: no limit */
    int64_t max_travel_time; /* travel time per route; RD_INF: no limit */
    int64_t max_distance;    /* distance per route; RD_INF: no limit */
    int profile;             /* index into the model's matrices (one profile for benchmarks) */
    int64_t max_reloads;     /* reload stops per route; RD_INF: no limit */
    int end_empty;           /* nonzero: nothing picked up after the route's last reload */
} rd_vehicle;

typedef struct rd_model {
    char name[128];   /* instance name (NAME field, first line, or file name) */
    char source[256]; /* file it was read from, for messages; may be empty */
    rd_round round;   /* distance convention used to build the matrices */
    int64_t scale;    /* model units per instance unit (nint 1, trunc1 10, exact 10^6, JSON 1) */
    int has_tw;       /* nonzero when any task has a time window narrower than the horizon */

    int n_locs; /* locations: matrix dimension */
    double *x;  /* n_locs coordinates, or NULL when the input had none (owned) */
    double *y;

    int n_profiles;       /* routing profiles (>= 1) */
    rd_matrix *durations; /* [n_profiles] travel times, model time units */
    rd_matrix *distances; /* [n_profiles] travel distances, model distance units */
    rd_matrix *costs;     /* [n_profiles] travel costs, cost units (benchmarks: = distances) */
    rd_lengths *lengths;  /* source of the matrices on lengths, or NULL (owned) */

    int n_dims; /* capacity dimensions, 1..RD_MAX_DIMS */

    int n_tasks;
    int64_t *task_id;       /* [n_tasks] id in the input */
    int *task_loc;          /* [n_tasks] location index; -1 for breaks */
    int *task_owner;        /* [n_tasks] vehicle type of a break, -1 for other tasks */
    int64_t *task_max_load; /* [n_tasks * n_dims] a break's max_load (RD_INF: none), or NULL */
    int *task_kind;         /* [n_tasks] rd_task_kind */
    int *task_pair;         /* [n_tasks] partner task of a shipment half, else -1 */
    int64_t *task_service;  /* [n_tasks] service duration */
    int64_t *task_setup;    /* [n_tasks] setup duration, paid when arriving from another location */
    int64_t *task_pickup;   /* [n_tasks * n_dims] amount picked up (collected) */
    int64_t *task_delivery; /* [n_tasks * n_dims] amount delivered (jobs: on board at start) */
    int64_t *task_prize;    /* [n_tasks] prize if optional (>= 0), or -1: mandatory */
    unsigned char *task_unroutable; /* [n_tasks] nonzero: the routing server could not reach
                               its location (never routed, unassigned); NULL: none */
    int64_t *task_release;          /* [n_tasks] release time: a trip serving the task leaves its
                                       depot (or reload stop) no earlier; NULL: none anywhere */
    int *task_priority;             /* [n_tasks] priority 0..100 (VROOM) */
    int *task_tw_first; /* [n_tasks + 1] windows of task t: [task_tw_first[t], ..[t+1]) */
    int64_t *tw_start;  /* [n_tw] window starts, sorted per task, disjoint */
    int64_t *tw_end;    /* [n_tw] window ends (inclusive), tw_end >= tw_start */
    int n_tw;

    int n_vehicles;        /* vehicle types */
    rd_vehicle *vehicles;  /* [n_vehicles] */
    int64_t *veh_capacity; /* [n_vehicles * n_dims] */

    /* Skills (VROOM): a vehicle type may serve a task when it has every skill
     * the task asks for. All NULL when no task asks for any skill. */
    int *task_skill_first; /* [n_tasks + 1] skills of task t: task_skills[first[t] .. first[t+1]) */
    int64_t *task_skills;  /* sorted, distinct per task */
    int *veh_skill_first;  /* [n_vehicles + 1] likewise for vehicle types */
    int64_t *veh_skills;   /* sorted, distinct per vehicle type */
    unsigned char *can_serve; /* [n_vehicles * n_tasks] derived: type v has task t's skills */

    int n_breaks;       /* break tasks */
    int *veh_brk_first; /* [n_vehicles + 1] breaks of type v: veh_brk[first[v] .. first[v+1]) */
    int *veh_brk;       /* [n_breaks] their task indices, by first window start */

    int n_reloads;      /* reload tasks */
    int *veh_rel_first; /* [n_vehicles + 1] reloads of type v: veh_rel[first[v] .. first[v+1]) */
    int *veh_rel;       /* [n_reloads] their task indices, in task order */
    int64_t *veh_shift_cap; /* [n_vehicles * n_dims] most picked up over a route, all trips
                               together (RD_INF: no limit), or NULL: none anywhere */

    int n_facilities; /* unloading points (reload tasks name them by task_id) */
} rd_model;

/* Allocates an empty model with arrays sized for the given counts; every task
 * gets exactly one window slot reserved per task when n_tw == n_tasks. Fields
 * are zeroed except task_pair (-1), task_prize (-1), vehicles (count 1, open
 * limits RD_INF). Returns NULL when memory runs out. */
rd_model *rd_model_alloc(int n_locs, int n_profiles, int n_tasks, int n_tw, int n_vehicles,
                         int n_dims);

/* rd_model_alloc without the dense travel matrices when `dense` is zero:
 * the reader then calls rd_model_travel_euclid (coordinate inputs too large
 * for n² values). */
rd_model *rd_model_alloc_ex(int n_locs, int n_profiles, int n_tasks, int n_tw, int n_vehicles,
                            int n_dims, int dense);

/* The on-demand matrix of the model's coordinates (x, y: set) under
 * m->round: no values, it points at m->x and m->y. */
rd_matrix rd_model_euclid(const rd_model *m);

/* Makes every profile's durations, distances and costs computed on demand
 * from the model's coordinates (x, y: set, n_locs of each) under m->round,
 * freeing any dense values. Travel time = cost = distance (benchmark
 * formats). */
void rd_model_travel_euclid(rd_model *m);

/* Travel on lengths for one profile: durations a = dur_factor, distances
 * b = 1, costs a = dur_cost and b = dist_cost (rd_matrix), per_m seconds per
 * metre. */
typedef struct rd_len_profile {
    double per_m;
    int64_t dur_factor, dur_cost, dist_cost;
} rd_len_profile;

/* Makes every profile's durations, distances and costs computed on demand
 * from `len` (n_locs locations) with the formulas of prof[n_profiles],
 * freeing any dense values. The model takes `len` (a malloc'd struct) and
 * its ctx, also when it fails. Each profile gets a cache of about 64
 * entries per location (8 bytes each, at most 2^22 entries). RD_ERR_NOMEM. */
rd_status rd_model_travel_lengths(rd_model *m, rd_lengths *len, const rd_len_profile *prof);

/* Makes every profile's durations and costs the same array as its distances
 * (benchmark formats, where travel time = cost = distance), so that one n²
 * matrix is stored instead of three. Call it before filling the matrices:
 * afterwards write the distances only. */
void rd_model_share_travel(rd_model *m);

/* Gives the model its skills: task t asks for task_sk[task_first[t] ..
 * task_first[t+1]), vehicle type v has veh_sk[veh_first[v] .. veh_first[v+1]).
 * Copies the lists (sorted and deduplicated) and derives can_serve. Does
 * nothing when no task asks for a skill. RD_ERR_NOMEM on allocation failure.
 * O(n_vehicles · n_tasks · skills per task · log(skills per vehicle)). */
rd_status rd_model_set_skills(rd_model *m, const int *task_first, const int64_t *task_sk,
                              const int *veh_first, const int64_t *veh_sk);

/* Nonzero when vehicle type v may serve task t: it has every skill t asks
 * for, and t is not a break of another type. O(1). */
static inline int rd_model_can_serve(const rd_model *m, int v, int t) {
    return (m->task_owner[t] < 0 || m->task_owner[t] == v) &&
           (!m->can_serve || m->can_serve[(size_t)v * (size_t)m->n_tasks + (size_t)t]);
}

/* Derives n_breaks, veh_brk_first and veh_brk, and n_reloads, veh_rel_first
 * and veh_rel, from task_kind and task_owner (call after filling the tasks,
 * before rd_model_validate). RD_ERR_NOMEM on allocation failure. */
rd_status rd_model_index_breaks(rd_model *m);

/* Frees the model and everything it owns. Accepts NULL. */
void rd_model_destroy(rd_model *m);

/* Checks every invariant the solver relies on (indices in range, windows
 * sorted and non-empty, non-negative amounts and durations, priorities in
 * 0..100, at least one
 * vehicle, matrices present). Returns RD_ERR_INPUT with a message naming the
 * task/vehicle otherwise. O(n_tasks + n_vehicles). Does not check the matrices'
 * n² values (readers produce them non-negative). */
rd_status rd_model_validate(const rd_model *m, rd_error *err);

/* Convenience accessors. */
static inline const int64_t *rd_model_pickup(const rd_model *m, int task) {
    return m->task_pickup + (size_t)task * (size_t)m->n_dims;
}
static inline const int64_t *rd_model_delivery(const rd_model *m, int task) {
    return m->task_delivery + (size_t)task * (size_t)m->n_dims;
}
static inline const int64_t *rd_model_capacity(const rd_model *m, int vehicle) {
    return m->veh_capacity + (size_t)vehicle * (size_t)m->n_dims;
}

/* Nonzero when task t is served for its own sake (a job or a shipment half),
 * zero for the owned stops (breaks, reloads). */
static inline int rd_task_served(const rd_model *m, int t) {
    return m->task_kind[t] <= RD_TASK_DELIVERY;
}

/* Nonzero when task t is one half of a shipment. */
static inline int rd_task_is_ship(const rd_model *m, int t) {
    return m->task_kind[t] == RD_TASK_PICKUP || m->task_kind[t] == RD_TASK_DELIVERY;
}

/* Sum of the prizes of the optional tasks (0 when none is optional). */
int64_t rd_model_total_prize(const rd_model *m);

/* Total number of vehicles (sum of counts). */
int64_t rd_model_fleet_size(const rd_model *m);

/* Formats a value in model units as the instance prints it: nint "27591",
 * trunc1 "827.3", exact "1234.5678" (4 decimals), none: integer. */
void rd_model_format_cost(const rd_model *m, int64_t value, char *buf, size_t size);

#endif
