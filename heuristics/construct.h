/* construct: initial plans and single-task insertion.
 *
 * rd_construct fills an empty workspace:
 *  - without time windows and with one vehicle type (no breaks): Clarke-Wright
 *    parallel savings over the granular neighbour pairs (chains merged at
 *    their ends, reversed when the cost matrix is symmetric), every merge
 *    checked against capacity and the route limits; the largest chains get
 *    the vehicles;
 *  - with time windows and one vehicle type (no breaks): sequential insertion
 *    in the manner of Solomon's I1 (seed = the farthest unrouted task, then
 *    repeatedly the task maximising d(start, u) - (cheapest insertion cost of
 *    u), with cached best positions rechecked in O(1) after each insertion);
 *  - several vehicle types (JSON: one per vehicle) or breaks: parallel regret
 *    insertion: while a job fits, the one with the highest priority, then
 *    the least b1 - (b2 - b1) (b1, b2: its cheapest insertions into two
 *    different routes or free vehicles; b1 when it has a single place) goes
 *    to its cheapest place; a job's places are the routes of its granular
 *    neighbours and a free vehicle of each type, and after an insertion only
 *    the jobs with a neighbour in the changed route are priced again. On the
 *    over-constrained generated cities it starts 10-20 % cheaper than
 *    insertion in task order, and the searches end lower;
 * then tries every task still unrouted with rd_construct_insert. Shipments
 * are inserted first, pair by pair, at their cheapest positions (the
 * builders only handle jobs). Tasks that no
 * vehicle can serve (see rd_construct_classify) are never routed; others may
 * stay unrouted when the fleet is full. Deterministic; O(n·k log(n·k)) for
 * savings, about O(n²) route checks of O(1) each for insertion.
 *
 * Nothing here keeps state between calls; buffers are allocated per call. */
#ifndef RD_CONSTRUCT_H
#define RD_CONSTRUCT_H

#include <stddef.h>

#include "heuristics/neigh.h"
#include "heuristics/route.h"
#include "model/rng.h"

/* Why a task cannot be served even alone (code per task). */
enum {
    RD_ALONE_OK = 0,        /* some vehicle type can serve it on a route of its own */
    RD_ALONE_CAPACITY = 1,  /* its amounts exceed every vehicle's capacity */
    RD_ALONE_TIME = 2,      /* no vehicle shift reaches a window and returns in time */
    RD_ALONE_LIMITS = 3,    /* max_tasks / max_travel_time / max_distance forbid it */
    RD_ALONE_SKILLS = 4,    /* no vehicle type has the skills it asks for */
    RD_ALONE_BREAK = 5,     /* a break or a reload: owned by its vehicle, never inserted alone */
    RD_ALONE_UNROUTABLE = 6 /* the routing server reaches its location from nowhere */
};

/* Fills code[0..n_tasks) with the RD_ALONE_* class of each task; both halves
 * of a shipment get the class of the pair (pickup then delivery) on a route of
 * its own. O(n_tasks · n_vehicles). */
void rd_construct_classify(const rd_model *m, unsigned char *code);

/* Writes the unassigned reason of task t with class `code` (RD_ALONE_OK: the
 * plan had no room) into buf, with times in model units. */
void rd_construct_reason(const rd_model *m, int t, int code, char *buf, size_t size);

/* Builds an initial plan into `w`. code[t] != RD_ALONE_OK tasks are skipped.
 * When `w` already holds routes (a user's initial plan), the routed tasks stay
 * where they are and the others are inserted into the plan as it is (no
 * savings or I1 builder). RD_ERR_NOMEM on allocation failure. */
rd_status rd_construct(rd_ws *w, const rd_neigh *nb, const unsigned char *code);

/* rd_construct with the regret builder's weight of b2 - b1 chosen by
 * `variant` (0: 1, as rd_construct; 1: 0.5; 2: 2; 3: 0, cheapest insertion;
 * then again): the search slots of one solve start from different plans
 * (slot k: variant k). The other builders do not depend on it. */
rd_status rd_construct_variant(rd_ws *w, const rd_neigh *nb, const unsigned char *code,
                               int variant);

/* Two of the builders rd_construct chooses from (above), for the jobs marked
 * RD_ALONE_OK in `code` (heuristics/construct_seq.c): Clarke-Wright savings
 * and Solomon-I1 sequential insertion. */
rd_status rd_construct_savings(rd_ws *w, const rd_neigh *nb, const unsigned char *code);
rd_status rd_construct_i1(rd_ws *w, const unsigned char *code);

/* 1 when C equals its transpose (the savings builder may then reverse
 * chains), else 0. O(n²), read in blocks along cache lines; O(1) for a
 * matrix computed on demand from coordinates (symmetric by construction). */
int rd_construct_symmetric(const rd_matrix *C);

/* Inserts unrouted task u where it costs least: first at the positions next
 * to its routed granular neighbours; when none of those is feasible, over
 * every position of every route (up to 2,000 routed tasks) or of the routes
 * nearby (rd_construct_near_routes: above); and in one empty route of each
 * vehicle type. *placed = 1 when it was inserted. RD_ERR_NOMEM. */
rd_status rd_construct_insert(rd_ws *w, const rd_neigh *nb, int u, int *placed);

/* Above 2,000 routed tasks, the routes that serve u's granular neighbours or
 * their neighbours, each once, into out[] (room for w->n_routes), and their
 * number; -1 up to 2,000 (every route is near enough to try). */
int rd_construct_near_routes(const rd_ws *w, const rd_neigh *nb, int u, int *out);

/* Inserts unrouted job u together with a reload stop of the route's vehicle
 * right before or after it (one copy per facility tried), where it costs
 * least: in routes[0..n_routes) (NULL: every route) that serve something, and
 * in one empty route of each type with reloads. For the job the capacity (or
 * end_empty) keeps out of every route as it is. *placed = 1 when done.
 * O(routes · facilities · len²). */
rd_status rd_construct_insert_reload(rd_ws *w, int u, const int *routes, int n_routes, int *placed);

/* Removes every reload stop whose removal keeps its route feasible and
 * does not raise its cost (and the reloads of routes that serve nothing). */
rd_status rd_construct_drop_reloads(rd_ws *w);

/* Applies a found insertion of shipment pickup p. */
rd_status rd_construct_apply_pair(rd_ws *w, int p, const rd_pair_ins *b);

/* Inserts unrouted shipment pickup p and its delivery where they cost least
 * over every route and one empty route of each type. *placed = 1 when done. */
rd_status rd_construct_insert_pair(rd_ws *w, int p, int *placed);

#endif
