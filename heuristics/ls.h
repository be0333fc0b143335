/* ls: local search over granular neighbours and SWAP*, feasible moves only.
 *
 * The neighbourhoods are those of HGS-CVRP (Vidal 2022). For each task u (in
 * an order shuffled by the caller's RNG) and each of its granular neighbours
 * v, with x and y the tasks after u and v:
 *  - relocate (u), (u, x) or (u, x, x+1), forward or reversed, right after v
 *    or right before v, in v's route or in u's own route;
 *  - swap (u) or (u, x) with (v) or (v, y), each pair forward or reversed,
 *    between two routes; swap u and v inside one route;
 *  - 2-opt* between two routes: tails exchanged so that u is followed by v,
 *    or v by u;
 *  - 2-opt inside one route: the part between u and v reversed so that they
 *    become adjacent;
 *  - relocate u into an empty route of each vehicle type;
 *  - when u is left out of the plan (and may_insert[u]): u inserted into the
 *    route of a neighbour or an empty route; when it fits nowhere so, u
 *    inserted with a window of up to 3 consecutive jobs next to one of its
 *    neighbours reordered (any order of the 4); u exchanged with a job s of such
 *    a route (u in s's place or next to one of its neighbours, s left out);
 *    and, when u fits nowhere as the routes are, ejection: u takes s's place
 *    and s goes next to one of its own neighbours in another route. These
 *    change what the plan serves, so they are judged in VROOM's order: the
 *    priority served, then the mandatory tasks served, then the cost (an
 *    exchange of equal priority must lower the cost; a shipment only goes
 *    in, by rd_ws_scan_pair).
 * For each pair (u, v) the best improving move is applied (best_move, the
 * default; with best_move = 0, the first improving move found). Then, when
 * the model has coordinates, SWAP* runs on every pair of neighbouring routes
 * (a task of one has a granular neighbour in the other) whose polar sectors
 * around the depot overlap: u leaves route A and v leaves route B, each
 * inserted at its best position in the other route (among its 3 cheapest
 * insertions, or in the other's place); relocating u or v alone to its
 * cheapest position is tried too; between long routes (product of the
 * lengths over RD_LS_SWAPSTAR_FULL) and with swap_near lists (the search
 * gives its 100 nearest tasks), u and v are only tasks with one of their
 * nearest tasks in the other route. Costs of the candidates are exact arc sums; the
 * few best are confirmed with rd_ws_try (windows, loads, limits) in order. Pairing only
 * neighbouring routes makes a pass O(near pairs × route length²) instead of O(routes² × route
 * length²): 6 against 200 rounds a minute at 30,000 stops.
 *
 * Localised: a pass lists only the tasks of the routes changed since the
 * previous pass (the first pass: since the previous run on this workspace
 * ended at a local optimum) and the tasks naming one of them as a granular
 * neighbour (the lists' reverse lists); SWAP* looks only at pairs with a
 * changed route; pairs whose routes did not change since u was last
 * examined are skipped (route time stamps). A run after a small
 * perturbation costs what the perturbation touched, not O(n). The search stops at a local optimum,
 * or at once when the deadline passes or *cancel becomes nonzero (checked every few tasks or route
 * pairs); the plan is feasible at every point. Move evaluation does not allocate: every buffer is
 * sized in rd_ls_init.
 *
 * Debug check: with debug_check nonzero every applied move is re-checked from
 * scratch: each changed route with rd_route_check (feasible, and its cost
 * equal to the cached one and to the one the move was evaluated with), and the
 * plan cost recomputed route by route must equal the cost before the move plus
 * the move's delta. A mismatch makes rd_ls_run return RD_ERR_INTERNAL with a
 * message in `err`. Cost: O(n_tasks) per applied move.
 *
 * Ownership: rd_ls_init allocates the per-task and per-route arrays,
 * rd_ls_free releases them. One rd_ls per workspace / thread; it may be used
 * with any workspace of the model it was made for.
 *
 * Files: ls.c (the moves, the driver), ls_out.c (the left-out tasks'
 * moves), ls_swap.c (SWAP*); ls_moves.h is what they share.
 */
#ifndef RD_LS_H
#define RD_LS_H

#include <stdint.h>

#include "heuristics/neigh.h"
#include "heuristics/route.h"
#include "model/clock.h"
#include "model/rng.h"
#include "model/status.h"

/* Operator families (rd_ls.ops). */
#define RD_LS_RELOCATE  1   /* relocate 1 task */
#define RD_LS_RELOCATE3 2   /* relocate 2 or 3 consecutive tasks, both orientations */
#define RD_LS_SWAP      4   /* swap 1-1 */
#define RD_LS_SWAP2     8   /* swap 2-1 and 2-2 between routes, both orientations */
#define RD_LS_TWO_OPT   16  /* 2-opt* and 2-opt */
#define RD_LS_EMPTY     32  /* relocate to an empty route */
#define RD_LS_SWAPSTAR  64  /* SWAP* (only when the model has coordinates) */
#define RD_LS_LEFT_OUT  128 /* moves of tasks the plan leaves out (when may_insert is set) */
#define RD_LS_ALL       255

#define RD_LS_SWAPSTAR_TRY 8 /* SWAP* candidates confirmed with rd_ws_try per route pair */
#define RD_LS_SWAPSTAR_FULL                                                                        \
    1024 /* SWAP* tries every task of two routes when the product of                               \
            their lengths is at most this (else: swap_near) */

typedef struct rd_ls_cand {
    int u, v;      /* task leaving route A (-1: none), task leaving route B (-1: none) */
    int pu, pv;    /* insertion index of u in B, of v in A (-2: in the other's place) */
    int64_t delta; /* cost change (arc sums) */
} rd_ls_cand;

typedef struct rd_ls {
    int n;              /* tasks */
    int n_routes;       /* route slots of the model's workspaces */
    int64_t *last_test; /* [n] workspace tick when u's moves were last all tried */
    int64_t *out_test;  /* [n] workspace tick when u's moves were last tried while left out */
    int64_t *ej_tick;   /* [n] tick of the task's cached cheapest place elsewhere (-1: none) */
    int *ej_from, *ej_r2, *ej_j; /* [n] its route then, and the place: route (-1: none), index */
    int *order;                  /* [n] the tasks of the current pass, in its order */
    int64_t *wk_mark;            /* [n] pass-local marks of the tasks listed */
    int64_t wk_epoch;            /* current mark value */
    const void *clean_ws;        /* the workspace of the last run (compared, never read) */
    int64_t clean_tick;          /* its tick when that run ended at a local optimum; -1: not */
    int clean_ops;               /* the ops and swap_near of that run */
    const rd_neigh *clean_near;
    int64_t *seen;          /* [n_routes] scan number in which a route was tried (shipments) */
    int64_t seen_mark;      /* current scan number */
    int64_t moves;          /* moves applied over all runs */
    int64_t swapstar_moves; /* of which SWAP* moves */
    int64_t out_moves;      /* moves of left-out tasks applied over all runs */
    int64_t reorder_moves;  /* of which insertions with a reordered window */
    const unsigned char *may_insert; /* [n] borrowed: nonzero when the task may be put in the
                                        plan while left out (a job or a shipment's pickup some
                                        vehicle can serve); NULL: left-out tasks stay out */
    int *out_routes;                 /* [n_routes] scratch: candidate routes of a left-out task */
    int64_t *out_ins;                /* [n + 1] scratch: a left-out task's insertion costs */
    int64_t *out_rem;                /* [n + 1] scratch: the removal gains of a route's tasks */
    int64_t *ro_mark;                /* [n + 1] window starts tried in one route (reorder_moves) */
    int64_t ro_epoch;                /* current mark value */
    int ops;                         /* RD_LS_* families tried (rd_ls_init: RD_LS_ALL) */
    int best_move;   /* nonzero (default): best improving move of a pair u, v; 0: first */
    int debug_check; /* nonzero: re-check every applied move from scratch (0 by default) */
    rd_error err;    /* message of the last RD_ERR_INTERNAL from rd_ls_run */
    /* SWAP* (allocated only when the model has coordinates and a depot) */
    int *angle;             /* [n] polar angle of the task around the depot, 0..65535, or NULL */
    int *sec_lo;            /* [n_routes] polar sector of the route: start angle */
    int *sec_hi;            /* [n_routes] end angle (counter-clockwise from start) */
    int64_t *sec_stamp;     /* [n_routes] route stamp the sector was computed at, -1: never */
    int64_t *ins_cost;      /* [3 n] cheapest insertion costs of a task into the other route */
    int *ins_pos;           /* [3 n] their insertion indices (-1: none) */
    int64_t *rem;           /* [n] cost change of removing the task from its route */
    int *pp_prev, *pp_next; /* [n + 1] SWAP*'s route in preprocessing: the location before and
                               at each position (breaks skipped) */
    int64_t *pp_arc;        /* [n + 1] ... and the arc into each position */
    int64_t *sw_mark;       /* [n_routes] pass-local marks of the routes near route A */
    int64_t sw_epoch;       /* current mark value */
    int *sw_list;           /* [n_routes] the routes near route A */
    int *sw_pos;            /* [n] positions of the related tasks of a route pair */
    unsigned char *sw_keep; /* [n] SWAP*: the tasks of B some move can take into A */
    /* borrowed, NULL (default): SWAP* tries every task of both routes; else,
     * between long routes, only the tasks with one of their swap_near
     * neighbours in the other */
    const rd_neigh *swap_near;
    rd_ls_cand cand[RD_LS_SWAPSTAR_TRY]; /* best SWAP* candidates of a route pair */
} rd_ls;

/* Prepares `ls` for workspaces of `m` (ops = RD_LS_ALL, best_move = 1,
 * debug_check = 0; the caller may change these fields before rd_ls_run).
 * RD_ERR_NOMEM on failure (then freed). O(n_tasks + routes). */
rd_status rd_ls_init(rd_ls *ls, const rd_model *m);

/* Frees what `ls` owns. Accepts a zeroed or freed struct. */
void rd_ls_free(rd_ls *ls);

/* Improves `w` until no move applies or the run is stopped (then *stopped = 1).
 * `dl` and `cancel` may be NULL. RD_ERR_NOMEM when a route cannot grow;
 * RD_ERR_INTERNAL (message in ls->err) when the debug check finds a mismatch
 * or `w` has more routes than ls was made for. */
rd_status rd_ls_run(rd_ls *ls, rd_ws *w, const rd_neigh *nb, rd_rng *rng, const rd_deadline *dl,
                    const volatile int *cancel, int *stopped);

#endif
