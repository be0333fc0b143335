/* eval: the independent evaluator.
 *
 * rd_eval() recomputes everything about a plan from the model and the plain
 * list of routes alone: cost, distance, duration, load along each trip, the
 * schedule against time windows and shifts, fleet usage, and every violation.
 * It shares no code with the search's incremental caches on purpose: the
 * search is checked against it (tests, debug re-evaluation, output writers).
 *
 * Schedule rule: a route leaves its start location at the vehicle's shift
 * start. At each task: arrival = previous departure + travel time; setup is
 * paid when the location differs from the previous one; the task begins at
 * max(arrival, start of the first window whose end >= arrival), or, when no
 * window is left, at arrival with a lateness violation; departure = begin +
 * setup + service. The route must reach its end location by the shift end.
 * Load rule (VROOM's): a trip (the whole route, or the part between reloads)
 * leaves with the deliveries of its jobs on board (a shipment's amount is
 * loaded at its pickup); each task adds its pickup and removes its delivery;
 * the load must fit the capacity at the start and after every step.
 *
 * Thread-safe (reads only). O(total visits + n_tasks). */
#ifndef RD_EVAL_H
#define RD_EVAL_H

#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "model/solution.h"

typedef enum rd_viol_kind {
    RD_VIOL_BAD_VEHICLE,     /* route names no vehicle type of the model */
    RD_VIOL_BAD_VISIT,       /* visit names no task or facility */
    RD_VIOL_DUPLICATE,       /* task served twice, or served and listed unassigned */
    RD_VIOL_MISSING,         /* task neither served nor listed unassigned */
    RD_VIOL_LOAD,            /* load above capacity in dimension `dim` */
    RD_VIOL_LATE,            /* task begins after the end of its last window */
    RD_VIOL_SHIFT_END,       /* route reaches its end after the shift end */
    RD_VIOL_FLEET,           /* more routes than vehicles of the type */
    RD_VIOL_MAX_TASKS,       /* more tasks than the vehicle's max_tasks */
    RD_VIOL_MAX_TRAVEL_TIME, /* more travel time than the vehicle's max_travel_time */
    RD_VIOL_MAX_DISTANCE,    /* more distance than the vehicle's max_distance */
    RD_VIOL_PRECEDENCE,      /* shipment halves on different routes or delivery first */
    RD_VIOL_SKILLS,          /* the vehicle lacks skill `value` the task needs */
    RD_VIOL_BREAK,           /* a break in another vehicle's route, or a route that serves
                                something without all its vehicle's breaks (task: the break) */
    RD_VIOL_MAX_LOAD,        /* load `value` above a break's max_load `limit` (dimension `dim`) */
    RD_VIOL_RELOAD,          /* a reload of another vehicle (task: it), or `value` reloads on
                                a route above the vehicle's max_reloads `limit` */
    RD_VIOL_END_EMPTY,       /* something picked up after the last reload of a route whose
                                vehicle must end empty (task: the last such pickup) */
    RD_VIOL_SHIFT_CAPACITY   /* `value` picked up over the route above the vehicle's
                                shift_capacity `limit` (dimension `dim`) */
} rd_viol_kind;

typedef struct rd_violation {
    rd_viol_kind kind;
    int route;     /* route index in the solution, or -1 */
    int pos;       /* visit position in the route, or -1 (route level) */
    int task;      /* task index, or -1 */
    int dim;       /* capacity dimension for RD_VIOL_LOAD, else 0 */
    int64_t value; /* what was observed (load, begin time, count, ...) in model units */
    int64_t limit; /* the bound it exceeds; the excess is value - limit */
} rd_violation;

typedef struct rd_route_eval {
    int64_t cost;     /* fixed cost + travel cost, cost units */
    int64_t distance; /* model distance units */
    int64_t travel;   /* travel time */
    int64_t duration; /* end time - start time (travel + setup + service + waiting) */
    int64_t waiting;  /* time spent waiting for windows to open */
    int64_t service;  /* setup + service time */
    int n_tasks;      /* task visits (jobs, shipment halves) */
    int n_reloads;    /* reload stops */
    int64_t prize;    /* prizes of the optional tasks it serves (cost units) */
} rd_route_eval;

typedef struct rd_eval_report {
    int64_t cost;     /* sum of route costs (cost units) */
    int64_t prize;    /* prizes of optional tasks served */
    int64_t distance; /* sum of route distances */
    int64_t duration; /* sum of route durations */
    int64_t waiting;  /* sum of waiting times */
    int n_routes;     /* routes with at least one visit */
    int n_served;     /* distinct tasks served */
    int n_unassigned; /* tasks listed unassigned */
    int feasible;     /* 1 when there is no violation */
    int n_viol;
    rd_violation *viol;   /* [n_viol], owned */
    rd_route_eval *route; /* [solution n_routes], owned */
} rd_eval_report;

/* Evaluates `s` on `m` into `out` (which it initialises; free it with
 * rd_eval_report_free). Returns RD_ERR_NOMEM on allocation failure, RD_OK
 * otherwise: violations are data, not errors. */
rd_status rd_eval(const rd_model *m, const rd_solution *s, rd_eval_report *out, rd_error *err);

/* Frees what `r` owns and zeroes it. Accepts NULL. */
void rd_eval_report_free(rd_eval_report *r);

/* Writes one sentence describing `v` ("route 3: load 212 exceeds capacity 206
 * in dimension 0 at visit 7 (task 41)") into buf. Task and route numbers are
 * the input's ids / 1-based route numbers. */
void rd_violation_describe(const rd_model *m, const rd_violation *v, char *buf, size_t size);

/* Per-step schedule of one route, for writers that report each stop. */
typedef enum rd_step_kind { RD_STEP_START = 0, RD_STEP_TASK = 1, RD_STEP_END = 2 } rd_step_kind;

typedef struct rd_step_eval {
    rd_step_kind kind;
    int task;          /* task index for RD_STEP_TASK, else -1 */
    int loc;           /* location index; -1 for a break (the vehicle stays where it is) */
    int64_t arrival;   /* arrival time (start: leaving time) */
    int64_t begin;     /* service begins: arrival + waiting */
    int64_t waiting;   /* begin - arrival */
    int64_t setup;     /* setup paid here (0 when the location did not change) */
    int64_t service;   /* service time */
    int64_t departure; /* begin + setup + service */
    int64_t travel;    /* travel time from the route start up to this arrival */
    int64_t distance;  /* distance from the route start up to this arrival */
    int64_t cost;      /* travel cost (costs matrix) up to this arrival, fixed cost excluded */
    int64_t load[RD_MAX_DIMS]; /* load after the step (start: the deliveries on board) */
} rd_step_eval;

/* Fills steps[0..*n_steps) for route `rt` with the schedule rule above (the
 * same arithmetic as rd_eval): a start step when the vehicle has a start
 * location, one step per task visit, an end step when it has an end location.
 * `steps` must hold rt->len + 2 entries. A late task is scheduled at its
 * arrival, as in rd_eval (the report lists the violation). Returns
 * RD_ERR_INTERNAL for a bad vehicle or visit index or a reload visit (not
 * scheduled yet). Thread-safe; O(len × n_dims). */
rd_status rd_eval_route_steps(const rd_model *m, const rd_route *rt, rd_step_eval *steps,
                              int *n_steps, rd_error *err);

#endif
