/* ls_moves: what the local search's files share (private to
 * heuristics/ls*.c; the module's header is ls.h): ls.c holds the moves and
 * the driver, ls_out.c the moves of left-out tasks, ls_swap.c SWAP*. */
#ifndef RD_LS_MOVES_H
#define RD_LS_MOVES_H

#include <string.h>

#include "heuristics/ls.h"

#define ANGLE_MOD 65536 /* polar angles are integers modulo this */
#define IN_PLACE  (-2)  /* rd_ls_cand.pu / pv: in the place of the task that left */

#define COST_UNKNOWN INT64_MIN /* cand_cost: not priced from arc sums */
#define COST_TBD     INT64_MAX /* rd_ls_consider_e: r1's cost not priced yet */

static inline int64_t arc(const rd_matrix *C, int a, int b) {
    return a >= 0 && b >= 0 ? rd_matrix_at(C, a, b) : 0;
}

/* Cost (fixed + travel - prizes) of vehicle type `veh` driving the candidate
 * s[0..ns) from arc sums and the routes' cost caches, or COST_UNKNOWN (ls.c). */
int64_t rd_ls_cand_cost(const rd_ws *w, int veh, const rd_seg *s, int ns);

/* A move: route r1 replaced by s1 (cost c1) and, when r2 >= 0, r2 by s2
 * (cost c2). */
typedef struct ls_move {
    int r1, r2, n1, n2;                    /* the routes and segment counts */
    int64_t c1, c2;                        /* the routes' new costs */
    rd_seg s1[RD_SEG_MAX], s2[RD_SEG_MAX]; /* the segments */
} ls_move;

static inline void move_set(ls_move *mv, int r1, const rd_seg *s1, int n1, int64_t c1, int r2,
                            const rd_seg *s2, int n2, int64_t c2) {
    mv->r1 = r1;
    mv->r2 = r2;
    mv->n1 = n1;
    mv->n2 = n2;
    mv->c1 = c1;
    mv->c2 = c2;
    memcpy(mv->s1, s1, (size_t)n1 * sizeof *s1);
    if (r2 >= 0) memcpy(mv->s2, s2, (size_t)n2 * sizeof *s2);
}

/* Applies move mv (ls.c). Returns 1, or -status. */
int rd_ls_apply(rd_ls *ls, rd_ws *w, const ls_move *mv);

/* The moves of one pair (u, v): first improvement applies at once, best
 * improvement records the best move and applies it at the end of the pair. */
typedef struct scan {
    rd_ls *ls;
    rd_ws *w;
    int have;       /* a best move is recorded */
    int64_t gain;   /* its cost decrease (> 0) */
    ls_move mv;     /* the move */
    int64_t rem[4]; /* [k] u's route without the k tasks from u (COST_TBD: not priced) */
} scan;

/* Tries replacing r1 by s1 and r2 (when >= 0) by s2. Returns 1 when applied,
 * 0 when not (not improving, or recorded in best mode), -status on failure. */
int rd_ls_consider(scan *sc, int r1, const rd_seg *s1, int n1, int r2, const rd_seg *s2, int n2);

/* rd_ls_consider with r1's rd_ls_cand_cost `e1` known (COST_TBD: not yet). */
int rd_ls_consider_e(scan *sc, int r1, const rd_seg *s1, int n1, int64_t e1, int r2,
                     const rd_seg *s2, int n2);

/* Applies the recorded best move, if any: 1 applied, 0 none, -status. */
int rd_ls_flush(scan *sc);

#define P(r, a, b)        rd_seg_part((r), (a), (b))
#define RV(r, a, b)       rd_seg_rev((r), (a), (b))
#define TK(t)             rd_seg_task(t)
#define NSEG(s)           ((int)(sizeof(s) / sizeof(s)[0]))
/* a block of route r, positions [a, a + k), reversed when rev */
#define BLK(r, a, k, rev) ((rev) ? RV((r), (a), (a) + (k)) : P((r), (a), (a) + (k)))

#define TRY2(r1, s1, r2, s2)                                                                       \
    do {                                                                                           \
        int rc_ = rd_ls_consider(sc, (r1), (s1), NSEG(s1), (r2), (s2), NSEG(s2));                  \
        if (rc_) return rc_;                                                                       \
    } while (0)
#define TRY1(r1, s1) TRY2((r1), (s1), -1, (s1))
/* TRY2 with r1's cost e1 known */
#define TRY2E(r1, s1, e1, r2, s2)                                                                  \
    do {                                                                                           \
        int rc_ = rd_ls_consider_e(sc, (r1), (s1), NSEG(s1), (e1), (r2), (s2), NSEG(s2));          \
        if (rc_) return rc_;                                                                       \
    } while (0)

static inline int must_stop(const rd_deadline *dl, const volatile int *cancel) {
    return (cancel && *cancel) || (dl && rd_deadline_passed(dl));
}

/* The moves of left-out task u (ls_out.c): the best in VROOM's order is
 * applied. Returns 1 when applied, 0 when none helps, -status. */
int rd_ls_left_out_moves(rd_ls *ls, rd_ws *w, const rd_neigh *nb, int u);

/* One SWAP* pass over the pairs of near routes one of which changed after
 * the tick `since` (-1: all). Returns the number of moves applied, or
 * -status; *stopped as rd_ls_run (ls_swap.c). */
int rd_ls_swap_star_pass(rd_ls *ls, rd_ws *w, const rd_neigh *nb, int64_t since,
                         const rd_deadline *dl, const volatile int *cancel, unsigned *checks,
                         int *stopped);

#endif
