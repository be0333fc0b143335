/* solve: the pipeline from a frozen model to a checked solution.
 *
 * rd_solve() creates p->slots search slots (each with its own RNG stream
 * (seed, k)) and runs them in parallel (OpenMP, p->threads threads,
 * `schedule(static)`) for 20 epochs; after each epoch the slots are ranked by
 * (unassigned tasks, cost, slot index) and the worse half adopt the best
 * plan, in that fixed order. Under an iteration budget the epochs end at
 * fixed round counts, so the answer depends only on (model, seed, slots,
 * iterations), never on the thread count or the machine; under a time limit
 * they end at fixed fractions of the time. The best plan is re-evaluated with
 * the independent evaluator and its cost stored in out->cost.
 *
 * Progress (a line every quarter of the budget) goes to p->log at info level.
 * Thread-safe with respect to other rd_solve() calls on other outputs. */
#ifndef RD_SOLVE_H
#define RD_SOLVE_H

#include "model/eval.h"
#include "model/model.h"
#include "model/params.h"
#include "model/solution.h"

typedef struct rd_solve_stats {
    double seconds;       /* wall-clock time of the solve */
    int64_t iterations;   /* improvement rounds over all slots */
    int slots;            /* search slots run (rd_params_slots) */
    int best_slot;        /* slot whose solution was returned */
    int64_t initial_cost; /* best constructed cost over the slots */
    int sp_calls;         /* set-partitioning rounds */
    int sp_improvements;  /* rounds that improved the best plan */
    int64_t sp_gain;      /* what they took off its cost in all (cost units) */
    double sp_seconds;    /* wall time in set partitioning */
    int pool_size;        /* routes in the pool at the end */
    int64_t pool_offered; /* routes offered to the pool */
} rd_solve_stats;

/* Solves `m` into `out` (cleared first). `stats` may be NULL. On success `out`
 * holds a plan whose every figure was recomputed by rd_eval(). */
rd_status rd_solve(const rd_model *m, const rd_params *p, rd_solution *out, rd_solve_stats *stats,
                   rd_error *err);

#endif
