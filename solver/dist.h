/* dist: one problem solved by the ranks of an MPI run together
 * (`mpirun -np K rondo solve big.vrp -l L`), by decomposition.
 *
 * Every rank holds the same model (each read the input itself). The run:
 *  1. a start: each rank runs the whole search (rd_solve, its own threads)
 *     with its own seed (rank 0: the user's) for a tenth of the budget;
 *     the best plan, ranked as everywhere (priority left out, tasks left
 *     out, cost; ties to the lower rank), is broadcast;
 *  2. epochs: the plan's routes are cut into K regions of neighbouring
 *     routes (polar sectors of the route centres around the depot, or rings
 *     around an anchor route for inputs without coordinates), balanced by
 *     task count, the sectors turned a little every epoch so that the borders
 *     move; each task left out goes with the region of the nearest route.
 *     Rank r solves region r on its own (model/sub.h: its tasks, its routes'
 *     vehicles and a share of the unused ones) starting from the region's
 *     routes, with the full search for the epoch's time, and keeps the
 *     result only when it is better than the region's routes; rank 0 puts
 *     the K regions back together (never worse than before) and broadcasts
 *     the plan;
 *     A problem of fewer than p->region_tasks (RD_REGION_TASKS) tasks per
 *     rank is not cut: in each epoch every rank searches the whole plan
 *     with its own seed and the best plan is broadcast;
 *  3. the end, at rank 0: set partitioning (GLPK, solver/sp.h) over a pool
 *     of the routes of every plan the start and the epochs put together
 *     (each epoch's regions differ, so their routes combine), kept when it
 *     costs less; then, when the plan leaves a servable task out, a short
 *     search on the whole model from it, so that the reasons given for the
 *     tasks left out are true of the whole plan, not of a region.
 * The route pool's set partitioning also runs inside each search (rd_solve).
 * One annealing schedule spans the run (rd_params anneal_from/until): each
 * search covers its share of it instead of starting hot again. Under a time
 * limit a region's search runs one slot per thread.
 *
 * Time: under p->time_limit the start ends at a tenth, the epochs share the
 * rest (about 15 s each, at least 4 of them, none under 0.5 s), the
 * exchanges between them and the end are inside the limit (the end's set
 * partitioning: sp_share × a tenth of the limit, at most 3 s). Under an iteration budget N (or
 * none: the default budget) the start gets N/4 rounds per slot and each of 6 epochs N/8, so the
 * plan depends only on the model, the seed, N and K. *p->cancel at any rank ends the run at the end
 * of the current epoch, with its best plan.
 *
 * Every rank returns the same plan in `out`. With one rank this is
 * rd_solve. A failure at one rank in the middle of the run (out of memory,
 * a bug) is printed and ends every rank (rd_par_abort) with its exit code:
 * returning would leave the others waiting for it. Call from one thread per
 * rank (the MPI calls). */
#ifndef RD_DIST_H
#define RD_DIST_H

#include "model/model.h"
#include "model/params.h"
#include "model/solution.h"
#include "solver/par.h"
#include "solver/solve.h"

/* Solves `m` over the ranks of `par` into `out` (cleared first); `stats`
 * (may be NULL) gets this rank's figures. RD_ERR_NOMEM, RD_ERR_INTERNAL (an
 * MPI failure), or the search's errors. */
rd_status rd_dist_solve(const rd_model *m, const rd_params *p, const rd_par *par, rd_solution *out,
                        rd_solve_stats *stats, rd_error *err);

#endif
