/* search: one search slot, from an empty plan to the best solution it finds.
 *
 * A slot constructs a solution (Clarke-Wright savings when no task has a
 * time window, time-window-aware insertion otherwise), then improves it by
 * local search and perturbation until its budget is spent: `iterations`
 * improvement rounds, the deadline, or *p->cancel. Everything a slot uses is
 * its own (RNG seeded from (p->seed, slot), workspace allocated here), so
 * several slots may run in parallel threads on one shared, frozen model.
 *
 * The result is written into `out` (cleared first) as a plain rd_solution:
 * every task is in a route or in the unassigned list with a reason. Routes
 * satisfy every constraint the model states (the search only reports feasible
 * plans; tasks it cannot place feasibly are unassigned). out->cost is the
 * objective of the slot's best solution. Returns RD_ERR_NOMEM on allocation
 * failure. */
#ifndef RD_SEARCH_H
#define RD_SEARCH_H

#include <stdint.h>

#include "solver/clock.h"
#include "solver/model.h"
#include "solver/params.h"
#include "solver/solution.h"

typedef struct rd_search_stats {
    int64_t iterations;   /* improvement rounds performed */
    int64_t improvements; /* rounds that improved the slot's best */
    int64_t initial_cost; /* cost of the constructed solution */
} rd_search_stats;

rd_status rd_search_run(const rd_model *m, const rd_params *p, int slot, const rd_deadline *dl,
                        rd_solution *out, rd_search_stats *stats, rd_error *err);

#endif
