/* plan: VROOM's plan mode (-c, "choose ETA"): the schedule of a fixed route
 * and every constraint it violates.
 *
 * The route's order is given; nothing is searched. All constraints become
 * soft except the step bounds (VROOM's service_at / service_after /
 * service_before), which are hard. Steps are numbered p = 0 (start),
 * 1..len (the visits), len + 1 (end); a vehicle without a start (end)
 * location gets a start (end) step at its first (last) task, reached with no
 * travel, as VROOM's choose_ETA reports them. A break step has no location:
 * it is taken where the vehicle is (no travel to it, the next leg leaves from
 * there, no setup change). t_p is the service start (start:
 * the departure, end: the arrival); between steps t_{p+1} >= t_p + action_p +
 * travel_p (action: setup when the location changes, plus service), and any
 * extra is waiting before step p + 1.
 *
 * The schedule minimises, in this order (lexicographically, exactly):
 *   1. the total violation: the lead time of the start before the vehicle's
 *      shift, plus for each task the distance from t_p to the nearest of its
 *      time windows (lead time when early, delay when late), plus the delay
 *      of the end after the shift end;
 *   2. the route's makespan t_end - t_start (so the route leaves as late as
 *      the windows allow instead of waiting at its first stop);
 *   3. the sum of the t_p (everything as early as possible).
 * VROOM 1.14 solves the same model as a mixed-integer program with GLPK (a
 * weighted sum for 1 and 2, then 3); where its weights make it trade
 * violation for makespan, rondo does not. Without any violation the schedule
 * is the earliest-packed one from its start time, as in solving mode.
 *
 * Algorithm: with u_p = t_p - O_p (O_p the sum of action + travel before
 * step p) the precedence constraints read u_0 <= u_1 <= ... <= u_end, and an
 * optimal schedule exists whose u values all come from the breakpoints of
 * the steps' cost functions and bounds shifted by their O_p (each maximal
 * block of back-to-back steps can slide until one of its steps meets a
 * window edge or a bound). A dynamic programme over these B candidates with
 * prefix minima takes O(N × B) time and N × B ints of memory for N steps;
 * routes with N × B above RD_PLAN_MAX_CELLS are refused (RD_ERR_INPUT).
 *
 * Thread-safe (reads the model only); allocates its work arrays. */
#ifndef RD_PLAN_H
#define RD_PLAN_H

#include <stdint.h>

#include "model/eval.h"
#include "model/model.h"
#include "model/solution.h"

#define RD_PLAN_MAX_CELLS (16L * 1000 * 1000) /* steps × candidate times, 64 MB of work */

/* Violation causes (bit flags), VROOM's `violations[].cause`. */
enum {
    RD_PLAN_LEAD_TIME =
        1u << 0,             /* service starts before its time window (start: before the shift) */
    RD_PLAN_DELAY = 1u << 1, /* service starts after its window (end: after the shift end) */
    RD_PLAN_LOAD = 1u << 2,  /* load above capacity after this step (start: at departure) */
    RD_PLAN_MAX_TASKS = 1u << 3,       /* this task is beyond the vehicle's max_tasks */
    RD_PLAN_SKILLS = 1u << 4,          /* the vehicle lacks a skill the task asks for */
    RD_PLAN_PRECEDENCE = 1u << 5,      /* shipment half without its partner before/after it */
    RD_PLAN_MISSING_BREAK = 1u << 6,   /* a break of the vehicle is not in its steps (route) */
    RD_PLAN_MAX_TRAVEL_TIME = 1u << 7, /* travel so far above max_travel_time */
    RD_PLAN_MAX_DISTANCE = 1u << 8,    /* distance so far above max_distance */
    RD_PLAN_MAX_LOAD = 1u << 9         /* the load at a break is above its max_load */
};
#define RD_PLAN_N_CAUSES 10

/* VROOM's name of cause bit `bit` (0 .. RD_PLAN_N_CAUSES-1): "lead_time",
 * "delay", "load", "max_tasks", "skills", "precedence", "missing_break",
 * "max_travel_time", "max_distance", "max_load"; NULL out of range. */
const char *rd_plan_cause_name(int bit);

/* One scheduled step: the schedule as rd_eval_route_steps defines its fields
 * (begin = t_p, waiting = begin - arrival; begin may precede the window: lead
 * time), plus what it violates. */
typedef struct rd_plan_step {
    rd_step_eval s;        /* schedule, loads, cumulative travel/distance/cost */
    unsigned causes;       /* RD_PLAN_* bits */
    int64_t lead_time;     /* model time units, > 0 iff RD_PLAN_LEAD_TIME */
    int64_t delay;         /* model time units, > 0 iff RD_PLAN_DELAY */
    unsigned route_causes; /* start step only: causes of the route as a whole
                              (RD_PLAN_MISSING_BREAK), reported for the route, not a step */
} rd_plan_step;

typedef struct rd_plan_result {
    int n_steps;       /* len + 2 */
    unsigned causes;   /* union of the steps' causes */
    int64_t lead_time; /* sums over the steps */
    int64_t delay;
    int bad_step; /* on RD_ERR_INPUT from the bounds: the step p they cannot be met at, else -1 */
    int64_t earliest; /* ... and the earliest service start possible there */
} rd_plan_result;

/* Schedules route `rt` (task visits only; reloads are refused with
 * RD_ERR_INTERNAL). `after` / `before` (each NULL or rt->len + 2 values,
 * indexed by step p) are hard bounds on t_p in model time units; use 0 /
 * RD_INF for none. `steps` must hold rt->len + 2 entries and receives the
 * start, the visits and the end. Returns RD_ERR_INPUT when the bounds cannot
 * all be met (res->bad_step, res->earliest say where; the message is in model
 * units) or the route is too long (RD_PLAN_MAX_CELLS), RD_ERR_NOMEM when
 * memory runs out, RD_OK otherwise: violations are data. */
rd_status rd_plan_route(const rd_model *m, const rd_route *rt, const int64_t *after,
                        const int64_t *before, rd_plan_step *steps, rd_plan_result *res,
                        rd_error *err);

#endif
