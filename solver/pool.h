/* pool: a bounded pool of distinct routes for the set-partitioning ILP.
 *
 * Routes are keyed by (vehicle type, set of tasks): adding a route whose key
 * is already present keeps the cheaper sequence. Keys are compared exactly
 * (a 64-bit hash of the set selects the candidates, the sorted task lists
 * decide). The pool holds at most `capacity` routes; when it is full, the
 * tenth offered least recently is evicted (a route offered again, improved
 * or not, counts as new), so the pool follows the search's recent local
 * optima, and routes added just before (an incumbent's, up to 90 % of the
 * capacity) survive the eviction.
 *
 * Determinism: the content depends only on the sequence of rd_pool_add calls;
 * the pipeline adds the slots' routes in slot order.
 *
 * Ownership: rd_pool_create returns a pool that owns copies of its routes;
 * rd_pool_destroy frees it (accepts NULL). The model is borrowed. Not
 * thread-safe: one thread adds at a time. */
#ifndef RD_POOL_H
#define RD_POOL_H

#include <stdint.h>

#include "model/model.h"
#include "model/status.h"

typedef struct rd_pool_route {
    int vehicle;   /* vehicle type */
    int len;       /* tasks */
    int *tasks;    /* [len] visiting order (owned by the pool) */
    int64_t cost;  /* route cost (fixed + travel), cost units */
    uint64_t key;  /* hash of (vehicle, task set) */
    int64_t added; /* insertion counter when last offered */
} rd_pool_route;

typedef struct rd_pool rd_pool;

/* A pool for model `m` holding at most `capacity` (>= 1) routes; NULL when
 * memory runs out. */
rd_pool *rd_pool_create(const rd_model *m, int capacity);

/* Frees the pool. Accepts NULL. */
void rd_pool_destroy(rd_pool *p);

/* Adds the route of vehicle type `vehicle` visiting tasks[0..len) at `cost`.
 * Returns 1 when it was added or replaced a dearer sequence of the same set,
 * 0 when an equal or cheaper one was there (or len == 0), -1 when memory ran
 * out, -2 when the route names a task or vehicle type the model does not
 * have (the pool is unchanged then). O(len log len) plus the amortised
 * eviction. */
int rd_pool_add(rd_pool *p, int vehicle, const int *tasks, int len, int64_t cost);

/* Index of the route of vehicle type `vehicle` with the task set of
 * tasks[0..len) (any order), or -1. */
int rd_pool_find(rd_pool *p, int vehicle, const int *tasks, int len);

/* Number of routes, and route i (0 <= i < size; valid until the next add). */
int rd_pool_size(const rd_pool *p);
const rd_pool_route *rd_pool_get(const rd_pool *p, int i);

/* Routes ever offered, and how many were new or improved. */
int64_t rd_pool_offered(const rd_pool *p);
int64_t rd_pool_accepted(const rd_pool *p);

#endif
