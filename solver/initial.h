/* initial: a user's routes as the starting plan of the search (VROOM's
 * vehicle `steps` outside plan mode).
 *
 * rd_initial_build() turns routes given as task sequences into a plan the
 * search can adopt: each route's vehicle type must have a vehicle left, and a
 * route that serves anything must take all of its vehicle's breaks: the
 * breaks it does not list are placed where the route stays feasible at least
 * cost (every interleaving is tried, breaks kept in the order of their first
 * window start; RD_INITIAL_MAX_PLACEMENTS at most). The completed route must then
 * satisfy every constraint of the model (rd_route_check, rd_eval's rules).
 * Tasks in no route are left to the search: the plan has no unassigned list.
 *
 * Thread-safe (reads the model only). */
#ifndef RD_INITIAL_H
#define RD_INITIAL_H

#include "model/eval.h"
#include "model/model.h"
#include "model/solution.h"

#define RD_INITIAL_MAX_PLACEMENTS 200000 /* break interleavings tried per route */

/* What makes a given route unusable (rd_initial_build's RD_ERR_INPUT). */
typedef struct rd_initial_fault {
    int route;    /* index in `routes` */
    int too_many; /* nonzero: its vehicle type has fewer vehicles than routes */
    int breaks;   /* nonzero: no feasible placement of its missing breaks (or too many to try) */
    rd_violation why; /* otherwise: the first constraint the route breaks (why.route = 0) */
} rd_initial_fault;

/* Builds `out` (cleared first) from routes[0..n) (visits are task indices;
 * routes without any task other than breaks are dropped). RD_ERR_INPUT with
 * *fault filled (and a message in err) when a route is unusable;
 * RD_ERR_NOMEM when memory runs out. */
rd_status rd_initial_build(const rd_model *m, const rd_route *routes, int n, rd_solution *out,
                           rd_initial_fault *fault, rd_error *err);

#endif
