/* solve: the pipeline from a frozen model to a checked solution.
 *
 * rd_solve() runs p->slots search slots in parallel (OpenMP, p->threads
 * threads, `schedule(static)`), each with its own RNG stream, keeps the best
 * by (unassigned count, cost, slot index), re-evaluates it with the
 * independent evaluator and stores the evaluator's cost in out->cost. With an
 * iteration budget the answer depends only on (model, params.seed, slots,
 * iterations), never on the thread count or the machine.
 *
 * Progress (one line per slot and a final line) goes to p->log at info level.
 * Thread-safe with respect to other rd_solve() calls on other outputs. */
#ifndef RD_SOLVE_H
#define RD_SOLVE_H

#include "solver/eval.h"
#include "solver/model.h"
#include "solver/params.h"
#include "solver/solution.h"

typedef struct rd_solve_stats {
    double seconds;       /* wall-clock time of the solve */
    int64_t iterations;   /* improvement rounds over all slots */
    int best_slot;        /* slot whose solution was returned */
    int64_t initial_cost; /* best constructed cost over the slots */
} rd_solve_stats;

/* Solves `m` into `out` (cleared first). `stats` may be NULL. On success `out`
 * holds a plan whose every figure was recomputed by rd_eval(). */
rd_status rd_solve(const rd_model *m, const rd_params *p, rd_solution *out, rd_solve_stats *stats,
                   rd_error *err);

#endif
