/* json_out: writes a plan as VROOM's JSON answer (docs/API.md, v1.14 output).
 *
 * `id` (serve: extras->id, when set, first), `code` 0, `summary` (cost,
 * routes, unassigned, setup, service, duration, waiting_time, priority,
 * delivery, pickup, distance, violations, computing_times, seed when
 * extras->options.has_seed), `unassigned` (id, type, location_index,
 * location, description, reason) and `routes` in vehicle order, each with its
 * `steps` (start/job/end: arrival, duration, setup, service, waiting_time,
 * load, distance, id, location_index, location, description). A vehicle
 * without a start location has no start step, one without an end location no
 * end step, and an unused vehicle no route, as in VROOM. `distance` appears
 * only when the input had a distances matrix or travel came from coordinates.
 * Start and end steps echo the vehicle's `start` / `end` coordinates when it
 * gave them. With extras->geometry (-g) each route gets `geometry`: the
 * encoded polyline (precision 5) that extras->route_geometry gives for its
 * located steps (a routing server's road path; all routes at once with
 * rd_json_set_route_batch), else of straight segments between them, from
 * extras->loc_lonlat (omitted when a location has none).
 *
 * Figures follow VROOM 1.14's arithmetic (see io/json_in.h for the units):
 * the schedule is the evaluator's (rd_eval_route_steps) in 1/100 s; reported
 * times are truncated to seconds; step `duration` is the cumulative travel in
 * user units (sum of arrival − previous departure); route cost is
 *   - with a `costs` matrix: fixed + sum of the cells;
 *   - with any time window in the input: fixed + round_half_up(duration ×
 *     per_hour / 3600 + distance × per_km / 1000);
 *   - otherwise: fixed + floor(sum of leg costs in model units / 360000).
 *
 * Plan mode (rd_json_write_plan) takes its schedules and violations from
 * solver/plan.h instead; there every `violations` array lists what the step,
 * route or plan violates (elsewhere they are empty, as in VROOM).
 *
 * The model must come from rd_json_read() (or rd_json_read_plan) with `x`. Nothing is written when
 * an argument is inconsistent (RD_ERR_INTERNAL) or memory runs out; RD_ERR_INTERNAL also when
 * writing to `f` fails. Thread-safe apart from `f`. */
#ifndef RD_JSON_OUT_H
#define RD_JSON_OUT_H

#include <stdint.h>
#include <stdio.h>

#include "io/json_in.h"
#include "model/model.h"
#include "solver/plan.h"
#include "model/solution.h"

/* summary.computing_times, milliseconds, as VROOM counts them. */
typedef struct rd_json_times {
    int64_t loading; /* reading and checking the input, with obtaining the matrices */
    int64_t solving; /* the search */
    int64_t routing; /* added to the time the writer spends in extras->route_geometry or
                      * rd_json_route_batch.fetch (-g's road paths from a routing server),
                      * which it measures itself (wall time) */
} rd_json_times;

/* -g's road paths of all routes at once (a routing server, whose requests then
 * run concurrently), installed in the extras by rd_json_set_route_batch. */
typedef struct rd_json_route_batch {
    /* The geometries of n_routes routes, in vehicle order: route r of vehicle
     * vehicles[r] through its n[r] located stops lat[r][i], lon[r][i] (degrees,
     * route order: start, tasks, end). Fills out[r] with a malloc'd encoded
     * polyline at precision 5 (the writer frees it), or NULL for straight
     * segments (the source says why on its own, e.g. a warning). Called once per
     * answer, before the first route is written, from the writing thread; its
     * wall time counts in summary.computing_times.routing. */
    void (*fetch)(void *ctx, int n_routes, const int *vehicles, const double *const *lat,
                  const double *const *lon, const int *n, char **out);
    void *ctx; /* passed to fetch */
} rd_json_route_batch;

/* Makes `b` (not owned; it must outlive the writing) the source of x's route
 * geometries: x->route_geometry and x->route_geometry_ctx are set so that the
 * writer calls b->fetch once with every route that has geometry, instead of one
 * x->route_geometry call per route (still valid: it fetches that route alone). */
void rd_json_set_route_batch(rd_json_extras *x, const rd_json_route_batch *b);

/* What an answer's summary says (rd_json_write fills it when non-NULL). */
typedef struct rd_json_summary {
    int64_t cost;   /* summary.cost (VROOM's cost unit) */
    int routes;     /* summary.routes */
    int unassigned; /* summary.unassigned */
} rd_json_summary;

rd_status rd_json_write(FILE *f, const rd_model *m, const rd_json_extras *x, const rd_solution *s,
                        const rd_json_times *times, rd_json_summary *sum, rd_error *err);

/* Plan mode (VROOM's -c): writes the routes of `s` with the schedules that
 * rd_plan_route computed, steps[r] holding the s->routes[r].len + 2 steps of
 * route r (start, tasks, end: a vehicle without a start or end location gets
 * them at its first or last task, as VROOM's plan mode). Each step, route and
 * the summary carry their `violations` ({"cause": ..., "duration": seconds
 * for lead_time and delay}; lead time and delay are measured between times
 * truncated to seconds, as VROOM does, and one of 0 s is not reported). The
 * route cost always follows the metrics formula (fixed + round_half_up(
 * duration × per_hour / 3600 + distance × per_km / 1000)) unless the profile
 * has a `costs` matrix, as in VROOM's plan mode. Otherwise as rd_json_write. */
rd_status rd_json_write_plan(FILE *f, const rd_model *m, const rd_json_extras *x,
                             const rd_solution *s, const rd_plan_step *const *steps,
                             const rd_json_times *times, rd_json_summary *sum, rd_error *err);

/* Writes {"code": <exit code of st>, "error": msg} and a newline. Returns
 * RD_ERR_INTERNAL when writing fails, RD_OK otherwise. */
rd_status rd_json_write_error(FILE *f, rd_status st, const char *msg);

/* VROOM's step / unassigned `type` of task t: "job", "pickup", "delivery",
 * "break", or rondo's "reload". */
const char *rd_json_task_type(const rd_model *m, int t);

/* rd_json_write_error with the request's id (serve): {"id": id, "code": ...,
 * "error": msg}, `id` being compact JSON text (rd_json_read_request) or NULL
 * for none. Returns RD_ERR_INTERNAL when `id` is not JSON (nothing written),
 * memory runs out or writing fails. */
rd_status rd_json_write_error_id(FILE *f, const char *id, rd_status st, const char *msg);

#endif
