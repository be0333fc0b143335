/* json_in: reads VROOM's JSON input (docs/API.md, v1.14) into a model.
 *
 * Supported today: `jobs` (id, location_index, location echoed to the output,
 * setup, service, delivery, pickup, deprecated `amount` (= delivery),
 * time_windows, priority, skills, description), `shipments` (pickup and
 * delivery steps with id, location, setup, service, time_windows,
 * description; amount, priority, skills), `vehicles` (id, start_index/start,
 * end_index/end (a missing one makes the route open at that side), capacity,
 * time_window, profile, costs {fixed, per_hour, per_km}, max_tasks,
 * max_travel_time, max_distance, speed_factor, skills, breaks {id,
 * time_windows, service, description, max_load}, description),
 * `matrices` {profile: {durations, distances, costs}}, legacy `matrix`,
 * `options` (time_limit, threads, seed, iterations, exploration; speeds,
 * detour) and `crs`. Without matrices every task and vehicle end gives
 * coordinates: equal coordinates share a location (numbered in order of first
 * appearance: vehicles' start then end, jobs, shipments' pickup then delivery,
 * as VROOM), and each profile in use gets distances and durations from
 * io/geo.h (geodesic or projected-CRS distances, durations from
 * options.speeds or the profile's default speed and options.detour), or from
 * a routing server (rd_json_read_opts.router). rondo's extensions (JSON.md):
 * `facilities` and the vehicles' reload keys become reload tasks, jobs'
 * `prize` optional jobs, `stations` with a `collection_policy` jobs (README
 * "Stations"). A shipment's `prize` is rejected with "<path>: not supported
 * yet"; unknown keys are ignored, as VROOM does. Vehicles' `steps` are read by rd_json_read_plan
 * (plan mode) and rd_json_read_initial (an initial solution).
 *
 * Model units (VROOM's internal arithmetic, so that schedules match it to the
 * hundredth):
 *  - times in 1/100 s (RD_JSON_TIME_SCALE): travel of a vehicle over matrix
 *    cell d is round(100 / speed_factor) × d, setup/service/windows × 100;
 *  - distances in metres;
 *  - costs in 1/RD_JSON_COST_SCALE of a VROOM cost unit: a leg costs
 *    round(100 / speed_factor × per_hour) × d + 360 × per_km × m (VROOM's
 *    CVRP arithmetic), or RD_JSON_COST_SCALE × the `costs` matrix cell; the
 *    fixed cost is scaled the same way.
 * Each distinct (profile, per_hour, per_km, speed_factor) of the vehicles gets
 * its own model profile. Each vehicle is one vehicle type of count 1, in input
 * order; task t < n_jobs is jobs[t], then shipment k is the pair of tasks
 * n_jobs + 2k (pickup: pickup = amount) and n_jobs + 2k + 1 (delivery:
 * delivery = amount), then the breaks of every vehicle in input order (kind
 * RD_TASK_BREAK, location -1, task_owner the vehicle).
 *
 * Ownership: on success *out owns a validated model (rd_model_destroy) and
 * `extras` owns what the writer needs to echo (rd_json_extras_free). On
 * failure *out is NULL, `extras` is left empty and err holds RD_ERR_INPUT with
 * "<json path>: <what is wrong>" (or RD_ERR_NOMEM). Thread-safe (no state).
 *
 * Files: json_fields.c (the fields), json_locs.c (locations and matrices),
 * json_in.c (the model and the entry points), json_steps.c (vehicles'
 * steps); io/json_reader.h is what they share.
 */
#ifndef RD_JSON_IN_H
#define RD_JSON_IN_H

#include <stddef.h>
#include <stdint.h>

#include "io/limits.h"
#include "model/model.h"

#define RD_JSON_TIME_SCALE 100    /* model time units per second (VROOM's DURATION_FACTOR) */
#define RD_JSON_COST_SCALE 360000 /* model cost units per VROOM cost unit (100 × 3600) */

/* Top-level `options` (rondo extension); has_* tells which were given. The
 * options of travel from coordinates, `speeds` {profile: m/s} and `detour`,
 * are applied by the reader itself. */
typedef struct rd_json_options {
    int has_time_limit;
    double time_limit; /* seconds */
    int has_threads;
    int threads;
    int has_seed;
    uint64_t seed;
    int has_iterations;
    int64_t iterations;
    int has_exploration;
    int exploration; /* 0..5 */
    int has_bound;
    int bound; /* options.bound: column generation's lower bound (rondo extension) */
} rd_json_options;

/* What the output needs beyond the model. Arrays are indexed like the model's
 * tasks / vehicle types and owned by the struct. */
typedef struct rd_json_extras {
    rd_json_options options;
    int amount_size;      /* VROOM amount length 0..RD_MAX_DIMS (model n_dims is max(1, this)) */
    int vrptw;            /* a job or vehicle has a time window: VROOM's VRPTW cost formula */
    int report_distances; /* a distances matrix was given: steps and routes report distance */
    int prizes;           /* some job has a `prize`: routes and summary report `prize` */
    int n_tasks, n_vehicles;
    char **task_desc;     /* [n_tasks] description or NULL */
    int *task_has_coords; /* [n_tasks] nonzero when the job had `location` */
    double *task_coords;  /* [2 n_tasks] lon, lat */
    double *task_fill;    /* [2 n_tasks] a station's fill now (0-1) and rate per day;
                             fill -1 for other tasks */
    int64_t fill_now;     /* collection_policy.now (seconds) */
    char **veh_desc;      /* [n_vehicles] description or NULL */
    char **veh_profile;   /* [n_vehicles] `profile` ("car" when not given) */
    int64_t *veh_fixed;   /* [n_vehicles] costs.fixed (VROOM cost units) */
    int64_t *veh_per_hour;
    int64_t *veh_per_km;
    int *veh_costs_matrix; /* [n_vehicles] nonzero: the profile has a `costs` matrix */
    int *veh_has_coords;   /* [2 n_vehicles] start, end were given as coordinates */
    double *veh_coords;    /* [4 n_vehicles] start x, y, end x, y as given */
    /* Coordinates of the locations (io/geo.h), for -g and the maps: */
    int from_coords;               /* no matrices: travel was computed from coordinates */
    int n_locs;                    /* the model's locations */
    unsigned char *loc_has_coords; /* [n_locs] nonzero: the location has coordinates */
    double *loc_lonlat;            /* [2 n_locs] WGS84 lon, lat in degrees */
    double *loc_xy;                /* [2 n_locs] drawing plane: metres of a projected `crs`, else
                                      lon, lat */
    int planar;                    /* loc_xy are metres of a projected CRS */
    int geometry; /* set by the caller (-g): each route gets "geometry" (encoded polyline) */
    /* Set by the caller with -g (not owned; NULL: straight segments): the geometry of
     * vehicle v's route through its n located stops lat[i], lon[i] (degrees, route
     * order: start, tasks, end) as a malloc'd encoded polyline at precision 5, which
     * the writer frees; or NULL for straight segments between the stops (the hook
     * says why on its own, e.g. a warning). Called once per route, in vehicle order,
     * from the thread that writes the answer, unless a batch hook is installed
     * (io/json_out.h: rd_json_set_route_batch), which fetches every route at once. */
    char *(*route_geometry)(void *ctx, int vehicle, const double *lat, const double *lon, int n);
    void *route_geometry_ctx;
    /* Set by the caller for serve mode: the request's "id" (compact JSON text of
     * a scalar, from rd_json_read_request; not owned), written as the answer's
     * first member; NULL: none. */
    const char *id;
    /* Set by the caller after an exact solve (--exact), for the summary. */
    int exact;           /* nonzero: report lower_bound and optimal */
    int optimal;         /* the plan is proven optimal */
    int64_t lower_bound; /* VROOM cost units, or -1: none found in time */
    int has_bound;       /* --bound ran: the summary gets lower_bound and gap */
    int64_t bound;       /* its lower bound, VROOM cost units, or -1: none */
} rd_json_extras;

/* One vehicle's `steps`: in plan mode (VROOM's -c) a fixed route, in solving
 * mode a route of the initial solution (bounds then unused). Step
 * positions p: 0 the start, 1..len the jobs in order, len + 1 the end (start
 * and end exist whether the input listed them or not). */
typedef struct rd_json_plan_route {
    int vehicle;     /* model vehicle index (= position in `vehicles`) */
    int len;         /* task steps (jobs, shipment halves, breaks) */
    int *tasks;      /* [len] model task indices, in route order */
    int64_t *after;  /* [len + 2] hard lower bound on step p's service start (service_at,
                        service_after), model time units; 0 when none */
    int64_t *before; /* [len + 2] hard upper bound (service_at, service_before); RD_INF: none */
    int *json_step;  /* [len + 2] index of step p in vehicles[vehicle].steps, -1 if implicit */
} rd_json_plan_route;

typedef struct rd_json_plan {
    int n_routes;               /* vehicles whose steps name at least one job, input order */
    rd_json_plan_route *routes; /* [n_routes], owned */
} rd_json_plan;

/* Parses `len` bytes of `text`; `source` names the input in syntax-error
 * messages (may be NULL). `extras` must be zeroed or freed before the call. */
rd_status rd_json_read(const char *text, size_t len, const char *source, rd_model **out,
                       rd_json_extras *extras, rd_error *err);

/* rd_json_read of one serve request (`rondo serve`), which may carry a
 * top-level "id" (any JSON scalar: string, number, true, false, null). *id
 * receives it as compact JSON text (malloc'd, owned by the caller: free())
 * whenever the text parses as an object with a scalar "id", also when the
 * problem is then refused, so that the error answer can carry it; otherwise
 * NULL. An "id" that is an object or an array is an input error ("id:
 * expected a string, number, boolean or null") and is not returned. */
rd_status rd_json_read_request(const char *text, size_t len, const char *source, rd_model **out,
                               rd_json_extras *extras, char **id, rd_error *err);

/* rd_json_read in plan mode: also reads each vehicle's `steps` (types start,
 * job, pickup, delivery, break, end; `id`; `service_at`, `service_after`,
 * `service_before` in seconds)
 * into `plan` (zeroed by the call; free it with rd_json_plan_free, also after
 * a failure). A job in two steps, an unknown job id, a start or end out of
 * place, bounds that exclude each other, a break id the vehicle does not
 * have are input errors. rd_json_read and rd_json_read_request refuse a
 * non-empty `steps`. */
rd_status rd_json_read_plan(const char *text, size_t len, const char *source, rd_model **out,
                            rd_json_extras *extras, rd_json_plan *plan, rd_error *err);

/* Solving mode with an initial solution, as VROOM uses vehicles' `steps`
 * outside plan mode: rd_json_read_request (id may be NULL) that also reads
 * each vehicle's non-empty `steps` (types start, job, pickup, delivery, break
 * (the vehicle's own break by id), end) into `initial` (zeroed by the call;
 * rd_json_plan_free also after a failure; n_routes 0 when no vehicle has
 * steps). Errors as in plan mode; `service_at`, `service_after` and
 * `service_before` are refused ("only used in plan mode (-c)"). Whether the
 * routes are feasible is the caller's to check (rd_initial_build). */
rd_status rd_json_read_initial(const char *text, size_t len, const char *source, rd_model **out,
                               rd_json_extras *extras, rd_json_plan *initial, char **id,
                               rd_error *err);

/* What rd_json_read_ex reads and how. */
typedef struct rd_json_read_opts {
    int plan_mode;                      /* VROOM's -c: `steps` are fixed routes (plan mode),
                                           else an initial solution */
    const struct rd_router_cfg *router; /* not NULL: an input with coordinates and no
                                           matrices gets them from this routing server
                                           (io/router.h; RD_ERR_ROUTING, exit 3, naming
                                           the task or vehicle); NULL: offline (io/geo.h) */
    const rd_limits *lim;               /* input size limits (io/limits.h), NULL: the
                                           defaults */
} rd_json_read_opts;

/* The general reader: rd_json_read_plan (o->plan_mode) or rd_json_read_initial
 * (id may be NULL), with o->router. */
rd_status rd_json_read_ex(const char *text, size_t len, const char *source,
                          const rd_json_read_opts *o, rd_model **out, rd_json_extras *extras,
                          rd_json_plan *steps, char **id, rd_error *err);

/* The readers above under the size limits `lim` (io/limits.h; NULL: the
 * defaults): rd_json_read when plan and id are NULL, rd_json_read_plan with
 * `plan`, rd_json_read_request with `id`. A matrix with more rows than
 * max_locations ("matrices.car.durations: 100000 rows, over the limit of
 * 20000 locations (--max-locations)"), more vehicles than max_vehicles, or a
 * model whose dense matrices (3 × n² × 8 bytes per vehicle profile) would
 * exceed max_matrix_bytes is an input error, found before those are
 * allocated. */
rd_status rd_json_read_limited(const char *text, size_t len, const char *source,
                               const rd_limits *lim, rd_model **out, rd_json_extras *extras,
                               rd_json_plan *plan, char **id, rd_error *err);

/* Frees what `plan` owns and zeroes it. Accepts NULL. */
void rd_json_plan_free(rd_json_plan *plan);

/* Reads the whole file `path` (at most 1 GiB) and parses it. */
rd_status rd_json_read_file(const char *path, rd_model **out, rd_json_extras *extras,
                            rd_error *err);

/* Frees what `x` owns and zeroes it. Accepts NULL. */
void rd_json_extras_free(rd_json_extras *x);

/* The distinct locations of an input (rondo matrix); arrays owned by the struct. */
typedef struct rd_json_locations {
    int n;          /* distinct coordinate pairs */
    double *lonlat; /* [2 n] WGS84 lon, lat in degrees (what a routing server is asked) */
    double *given;  /* [2 n] as the input gives them (a projected `crs`: its units) */
    char **owner;   /* [n] its first user, for messages: "vehicle 1 (start)", "job 42",
                       "shipment pickup 7", "station 3", "facility 2" */
} rd_json_locations;

/* Reads text[0..len) as rd_json_read reads an input without matrices (the same
 * fields, checks and messages; `matrices` is ignored, a location_index refused)
 * and returns its distinct coordinates in the reader's order: vehicles' start then
 * end, jobs, stations, shipments' pickup then delivery, the facilities of the
 * vehicles' reload stops, an exact repeat merged into its first occurrence (the
 * model's location indices). *out is zeroed first, owns its arrays on success
 * (rd_json_locations_free) and is left empty on failure: RD_ERR_INPUT whose
 * message starts with `source` (when not NULL) and names the JSON path
 * ("in.json: jobs[3].location: expected [lon, lat]"), RD_ERR_NOMEM. Thread-safe. */
rd_status rd_json_read_locations(const char *text, size_t len, const char *source,
                                 rd_json_locations *out, rd_error *err);

/* Frees what `l` owns and zeroes it. Accepts NULL. */
void rd_json_locations_free(rd_json_locations *l);

#endif
