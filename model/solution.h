/* solution: a plan as a plain list of routes plus the unassigned tasks.
 *
 * This is the exchange format between the search, the evaluator and the
 * writers: no caches, nothing derived. A route is a vehicle type and a
 * sequence of visits, each a task index (jobs, shipment halves, and the
 * vehicle's own breaks and reload stops, see model/model.h; negative visits
 * are invalid). Start and end at the vehicle's locations are implicit. Each unassigned task carries
 * a reason string.
 *
 * Ownership: rd_solution_create() returns an empty solution that owns its
 * routes, visit arrays and reason strings; rd_solution_destroy() frees all of
 * it (accepts NULL). Not thread-safe; each thread uses its own solutions. */
#ifndef RD_SOLUTION_H
#define RD_SOLUTION_H

#include <stdint.h>

#include "model/status.h"

typedef struct rd_route {
    int vehicle; /* vehicle type index in the model */
    int len;     /* number of visits */
    int *visits; /* [len] task indices (>= 0) or reloads (< 0); owned */
} rd_route;

typedef struct rd_unassigned {
    int task;     /* task index */
    char *reason; /* owned, one short sentence ("no room left in the plan") */
} rd_unassigned;

typedef struct rd_solution {
    int n_routes;
    rd_route *routes;
    int n_unassigned;
    rd_unassigned *unassigned;
    int64_t cost;                   /* objective as last computed by rd_eval (model cost units) */
    int64_t lower_bound;            /* proven lower bound, or -1 when none is known */
    int cap_routes, cap_unassigned; /* allocated sizes (internal) */
} rd_solution;

/* A new empty solution, or NULL when memory runs out. */
rd_solution *rd_solution_create(void);

/* Frees `s` and all it owns. Accepts NULL. */
void rd_solution_destroy(rd_solution *s);

/* Removes all routes and unassigned entries (keeps the allocations). */
void rd_solution_clear(rd_solution *s);

/* Appends a route for vehicle type `vehicle` visiting `visits[0..len)` (copied). */
rd_status rd_solution_add_route(rd_solution *s, int vehicle, const int *visits, int len);

/* Appends an unassigned task with a copy of `reason`. */
rd_status rd_solution_add_unassigned(rd_solution *s, int task, const char *reason);

/* Deep copy of `src` into `dst` (dst's previous content is replaced). */
rd_status rd_solution_copy(rd_solution *dst, const rd_solution *src);

/* Total number of visits to tasks over all routes. */
int rd_solution_n_visits(const rd_solution *s);

#endif
