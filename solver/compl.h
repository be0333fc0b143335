/* compl: completion bounds for the pricer (solver/price.h). For a label at
 * node j, a lower bound on the reduced cost of the rest of any route through
 * it: forward, from j on to the end; backward, from the start (the
 * vehicle's fixed cost included) up to j, j's own leg and dual left out.
 * Exact pricing drops a label whose cost plus this bound cannot beat the
 * least reduced cost found, before it is even made.
 *
 * The bounds relax the ng-routes to walks through the pricer's nodes
 * (q-routes, Christofides, Mingozzi, Toth 1981) that never turn straight
 * back where the ng-memory would forbid it (2-cycles), by dynamic
 * programming over one resource:
 *   - the room left in capacity dimension 0, when the tasks load that
 *     dimension in one direction only, each by a positive amount;
 *   - time, when windows or the shift bind and every leg plus service moves
 *     the clock on: departure times (backward, latest begins) go in buckets
 *     of at most that step, rounded in the bound's favour (an earlier
 *     departure, a later latest begin never allows less).
 * A label's bound is the larger of the two. Each keeps, per node and
 * resource value, the best walk's first node (its successor, backward its
 * predecessor) and the best walk starting elsewhere, so that a first node
 * the label's memory holds is skipped.
 *
 * Ownership: an rd_compl borrows the pricer's node arrays (rd_compl_nodes),
 * which must outlive it and may change in place (the neighbourhoods); it
 * owns its tables. Not thread-safe per object. */
#ifndef RD_COMPL_H
#define RD_COMPL_H

#include <stdint.h>

#include "model/model.h"

typedef struct rd_compl rd_compl;

/* The pricer's nodes (borrowed). */
typedef struct rd_compl_nodes {
    int n;                /* nodes */
    const int *task;      /* [n] the node's task */
    const int *loc;       /* [n] its location */
    const uint64_t *nbhd; /* [n * words] node j's ng-neighbourhood at nbhd + j * words */
    int words;            /* 64-bit words of a node set */
    const int64_t *tail;  /* [n] no way from the node to the end takes less (durations) */
    const int64_t *head;  /* [n] nor from the start to it */
    int timed;            /* time constrains the routes */
} rd_compl_nodes;

/* The bounds for vehicle type v of m; NULL when neither resource applies (or
 * out of memory): then no label is dropped. Setup times turn the time bound
 * off (a task's time would depend on its predecessor). */
rd_compl *rd_compl_create(const rd_model *m, int v, const rd_compl_nodes *nodes);

void rd_compl_destroy(rd_compl *c);

/* Fills the tables at duals pi (indexed by task): forward, and backward too
 * when `both`. */
void rd_compl_fill(rd_compl *c, const double *pi, int both);

/* The bound of a label of direction dir (0 forward, 1 backward) at node j
 * with loads `load` (deliveries then pickups, as the pricer keeps them),
 * time `time` (forward: earliest departure; backward: latest begin), and an
 * ng-memory that is `om` restricted to j's neighbourhood, plus j. +inf when
 * the label cannot be completed at all. */
double rd_compl_at(const rd_compl *c, int dir, int j, const int64_t *load, int64_t time,
                   const uint64_t *om);

#endif
